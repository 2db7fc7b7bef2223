// Reports of `doctor` (and the proposal `tune` shares): the text a person reads, the JSON/YAML a
// script reads, and the proposal in the forms a deployment takes it (flink-conf.yaml lines,
// config.yaml lines, -D flags, a FlinkDeployment merge patch).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/doctor/doctor.hpp"
#include "flinkmem/doctor/proposal.hpp"
#include "flinkmem/doctor/tune.hpp"
#include "flinkmem/report/diff.hpp"
#include "flinkmem/report/json_writer.hpp"

namespace flinkmem::report {

// The proposal's breakdowns compared with the existing diff, TaskManager then JobManager.
std::vector<Change> proposal_diff(const doctor::Proposal& proposal, Target target);

// "key: value" lines (flink-conf.yaml; config.yaml reads the same flat keys), removals as comments.
void write_proposal_conf(std::ostream& out, const doctor::Proposal& proposal);
// "-Dkey=value" lines.
void write_proposal_flags(std::ostream& out, const doctor::Proposal& proposal);
// A merge patch of a FlinkDeployment: process sizes go to spec.<process>.resource.memory (the
// operator writes them over flinkConfiguration), the rest to spec.flinkConfiguration (null
// removes a key), environment variables to the pod template's flink-main-container.
void write_proposal_patch(std::ostream& out, const doctor::Proposal& proposal);
// The proposal in one of the forms doctor and tune print: "flags", "conf" or "patch" (others: nothing).
void write_proposal(std::ostream& out, const doctor::Proposal& proposal, std::string_view form);

// The proposal's JSON object: changes, removals, environment, before, after, verified, checks, diff.
void write_proposal_json(JsonWriter& json, const doctor::Proposal& proposal, Target target);
// The proposal in words: changes, checks, diff, the other forms.
void write_proposal_text(std::ostream& out, const doctor::Proposal& proposal, Target target);

void write_doctor_text(std::ostream& out, const doctor::DoctorReport& report);
// {"flink_version", "release", "configuration": {origin, source}, "target", "diagnoses": [...],
//  "unrecognised": [...], "notes": [...], "proposal": {...} or null}
void write_doctor_json(std::ostream& out, const doctor::DoctorReport& report);

// tune: the readings, each component's peak and target, the proposal and the operator's
// MemoryTuning on the same metrics.
void write_tune_text(std::ostream& out, const doctor::TuneReport& report, Target target);
// {"flink_version", "release", "configuration", "readings", "task_managers", "diagnoses" (one per
//  component: its peak), "refused", "refusal", "operator_estimate", "notes", "proposal"}
void write_tune_json(std::ostream& out, const doctor::TuneReport& report, Target target);

}  // namespace flinkmem::report
