// A Flink configuration directory (--conf-dir, FLINK_CONF_DIR): which file each Flink version
// reads from it (GlobalConfiguration.loadConfiguration).
#pragma once

#include <string>
#include <vector>

#include "flinkmem/flink_version.hpp"
#include "flinkmem/readers/document.hpp"

namespace flinkmem {

struct ConfFileChoice {
    std::string file;    // "<dir>/flink-conf.yaml" or "<dir>/config.yaml", as java.io.File prints it
    InputFormat format;  // FlinkConf (legacy parser) or ConfigYaml (standard YAML parser)
};

// Pure: up to 1.18 only flink-conf.yaml; 1.19 and 1.20 flink-conf.yaml when it exists, else
// config.yaml; from 2.0 only config.yaml. A missing file throws Flink's
// IllegalConfigurationException "The Flink config file '<file>' (<absolute>) does not exist.";
// `working_directory` makes a relative `dir` absolute the way File.getAbsolutePath does.
ConfFileChoice choose_conf_file(FlinkVersion version, const std::string& dir, bool flink_conf_exists,
                                bool config_yaml_exists, const std::string& working_directory);

// The file-system part: checks the directory (Flink's "does not describe an existing directory"
// error), picks the file with choose_conf_file and reads it with its parser.
Document read_conf_dir(const std::string& dir, FlinkVersion version);

}  // namespace flinkmem
