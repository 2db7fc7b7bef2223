// The simulate report: text for people and JSON for machines, written from one
// sim::SimulationReport by the project's JsonWriter (no DOM). The CLI only picks one and prints
// it.
#pragma once

#include <string>
#include <vector>

#include "flinkmem/sim/simulate.hpp"

namespace flinkmem::report {

// The text report (stdout of `flinkmem simulate`).
std::string simulation_text(const sim::SimulationReport& report);

// The JSON report (docs/simulate.md, "JSON report"), indented by 2, without a trailing newline.
std::string simulation_json(const sim::SimulationReport& report, const std::vector<std::string>& warnings);

// The JSON of a configuration Flink rejects before any job is planned: ok, the error, warnings.
std::string simulation_rejected_json(const Error& error, const std::vector<std::string>& warnings);

}  // namespace flinkmem::report
