// The simulate report (report/simulate.cpp): one SimulationReport, written as text and as JSON by
// the project's JsonWriter.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "flinkmem/report/simulate.hpp"
#include "flinkmem/resolve.hpp"
#include "support.hpp"

using namespace flinkmem;

TEST_SUITE("report_simulate") {
    TEST_CASE("text and JSON of one plan say the same") {
        const Document document = Document::of(test::config_of(
            {{"taskmanager.memory.process.size", "1728m"}, {"taskmanager.numberOfTaskSlots", "4"}}));
        const Resolution resolution =
            resolve({document, std::nullopt, ComponentChoice::TaskManager, std::nullopt});
        sim::SimulationRequest request;
        request.resolution = &resolution;
        request.job = sim::keyby_job(100, sim::JobMode::Streaming);
        request.task_managers = 10;
        request.exercise = false;
        const sim::SimulationReport report = sim::simulate(request);
        const std::string text = report::simulation_text(report);
        CHECK(text.find("Placement: 10 TaskManager(s) x 4 slots, 100 slots needed") != std::string::npos);
        CHECK(text.find("10 \u00d7 4 = 40 slots, the job needs 100") != std::string::npos);
        const auto json = nlohmann::json::parse(report::simulation_json(report, {"a warning"}));
        CHECK(json.at("ok") == false);
        CHECK(json.at("error_class") == "NoResourceAvailableException");
        CHECK(json.at("placement").at("task_managers") == 10);
        CHECK(json.at("placement").at("slots_needed") == 100);
        CHECK(json.at("exercise").is_null());
        CHECK(json.at("warnings").at(0) == "a warning");
        CHECK(json.at("network").at("waves").size() == 1);
        const auto rejected =
            nlohmann::json::parse(report::simulation_rejected_json(Error::illegal_configuration("bad"), {}));
        CHECK(rejected.at("ok") == false);
        CHECK(rejected.at("error_message") == "bad");
    }
}
