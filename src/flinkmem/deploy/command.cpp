#include "flinkmem/deploy/command.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "flinkmem/deploy/target_options.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::deploy {

namespace {

constexpr std::string_view kIgnoreUnrecognized = "-XX:+IgnoreUnrecognizedVMOptions";

// The memory flags Flink passes; a later occurrence of the same prefix wins in the JVM.
constexpr std::array<std::string_view, 4> kMemoryFlagPrefixes{
    "-Xmx", "-Xms", "-XX:MaxDirectMemorySize=", "-XX:MaxMetaspaceSize="};

struct JavaOpts {
    const OptionSpec* option;
    std::vector<std::string> words;
};

// The env.java.* entries a launcher reads for this process, in its order.
std::vector<JavaOpts> java_opts(const Configuration& config, Component component) {
    const bool task_manager = component == Component::TaskManager;
    std::vector<JavaOpts> out;
    for (const OptionSpec* option :
         {&kJavaDefaultOptsAll, &kJavaOptsAll,
          task_manager ? &kJavaDefaultOptsTaskManager : &kJavaDefaultOptsJobManager,
          task_manager ? &kJavaOptsTaskManager : &kJavaOptsJobManager}) {
        out.push_back({option, split_shell_words(get_string(config, *option))});
    }
    return out;
}

void warn_about_overrides(JavaCommand& command, const std::vector<JavaOpts>& opts,
                          const std::vector<std::string>& memory_flags, const Configuration& config) {
    for (const auto& [option, words] : opts) {
        for (const auto& word : words) {
            for (const auto prefix : kMemoryFlagPrefixes) {
                if (!word.starts_with(prefix)) continue;
                std::string flink_flag;
                for (const auto& flag : memory_flags) {
                    if (flag.starts_with(prefix)) flink_flag = flag;
                }
                const auto found = config.lookup(*option);
                const std::string where =
                    found ? fmt::format("{} ({})", found->key, found->entry->source.describe())
                          : std::string(option->key);
                command.warnings.push_back(
                    flink_flag.empty()
                        ? fmt::format("{} sets {}, which Flink does not set for this process: it "
                                      "limits memory outside Flink's accounting",
                                      where, word)
                        : fmt::format("{} sets {} after Flink's {}: the JVM takes the last one, so "
                                      "it overrides Flink's memory model",
                                      where, word, flink_flag));
            }
        }
    }
}

void append(std::vector<std::string>& to, const std::vector<std::string>& words) {
    to.insert(to.end(), words.begin(), words.end());
}

std::string_view main_class(const ResolvedProcess& process) {
    const bool task_manager = process.component == Component::TaskManager;
    switch (process.target) {
        case Target::Standalone:
            return task_manager ? "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"
                                : "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
        case Target::Kubernetes:
            if (task_manager) return "org.apache.flink.kubernetes.taskmanager.KubernetesTaskExecutorRunner";
            return process.deployment == Deployment::KubernetesApplication
                       ? "org.apache.flink.kubernetes.entrypoint.KubernetesApplicationClusterEntrypoint"
                       : "org.apache.flink.kubernetes.entrypoint.KubernetesSessionClusterEntrypoint";
        case Target::Yarn:
            if (task_manager) return "org.apache.flink.yarn.YarnTaskExecutorRunner";
            return process.deployment == Deployment::YarnApplication
                       ? "org.apache.flink.yarn.entrypoint.YarnApplicationClusterEntryPoint"
                       : "org.apache.flink.yarn.entrypoint.YarnSessionClusterEntrypoint";
    }
    return "";
}

// flink-console.sh: java $JVM_ARGS $FLINK_ENV_JAVA_OPTS <log settings> -classpath <cp> <class> <args>.
JavaCommand console_command(const Configuration& config, const ResolvedProcess& process,
                            const std::string& jvm_parameters, std::string_view conf_dir,
                            std::string_view service, const std::vector<std::string>& args) {
    JavaCommand command;
    command.arguments.push_back("java");
    const std::vector<std::string> memory_flags = split_shell_words(jvm_parameters);
    append(command.arguments, memory_flags);
    // config.sh (1.18+): FLINK_ENV_JAVA_OPTS always starts with -XX:+IgnoreUnrecognizedVMOptions,
    // so the scripts' "-XX:+UseG1GC if no options are set" never applies any more.
    command.arguments.emplace_back(kIgnoreUnrecognized);
    const auto opts = java_opts(config, process.component);
    for (const auto& [option, words] : opts) append(command.arguments, words);
    warn_about_overrides(command, opts, memory_flags, config);
    const std::string log_prefix = fmt::format("log/flink-<user>-{}-0-<host>", service);
    command.arguments.push_back(fmt::format("-Dlog.file={}.log", log_prefix));
    command.arguments.push_back(
        fmt::format("-Dlog4j.configuration=file:{}/log4j-console.properties", conf_dir));
    command.arguments.push_back(
        fmt::format("-Dlog4j.configurationFile=file:{}/log4j-console.properties", conf_dir));
    command.arguments.push_back(
        fmt::format("-Dlogback.configurationFile=file:{}/logback-console.xml", conf_dir));
    command.arguments.push_back("-classpath");
    command.arguments.push_back("<flink classpath>");
    command.arguments.emplace_back(main_class(process));
    append(command.arguments, args);
    command.notes.push_back(
        "Java 17 assumed: on Java 18+ config.sh also appends -Djava.security.manager=allow");
    command.notes.push_back(
        "FLINK_ENV_JAVA_OPTS, FLINK_ENV_JAVA_OPTS_TM/_JM and JVM_ARGS from the "
        "environment would replace or extend env.java.opts.*; none are assumed");
    return command;
}

JavaCommand standalone_command(const Configuration& config, const ResolvedProcess& process) {
    std::vector<std::string> args;
    // flinkmem's -D entries stand for configuration entries (as if in the config file, where
    // config.sh reads env.java.opts.*), so they are not repeated as script arguments.
    const auto dynamic = split_shell_words(process.dynamic_configs);
    if (process.component == Component::TaskManager) {
        // taskmanager.sh: ARGS=(--configDir $FLINK_CONF_DIR $DYNAMIC_PARAMETERS "${ARGS[@]}").
        args = {"--configDir", "conf"};
        append(args, dynamic);
    } else {
        // jobmanager.sh: args=($DYNAMIC_PARAMETERS --configDir .. --executionMode cluster "${args[@]}").
        args = dynamic;
        append(args, {"--configDir", "conf", "--executionMode", "cluster"});
    }
    JavaCommand command = console_command(
        config, process, process.jvm_parameters, "conf",
        process.component == Component::TaskManager ? "taskexecutor" : "standalonesession", args);
    command.launcher = process.component == Component::TaskManager ? "bin/taskmanager.sh start-foreground"
                                                                   : "bin/jobmanager.sh start-foreground";
    return command;
}

JavaCommand kubernetes_command(const Configuration& config, const ResolvedProcess& process) {
    const std::string conf_dir = "/opt/flink/conf";
    if (process.component == Component::TaskManager) {
        // CmdTaskManagerDecorator: kubernetes-taskmanager.sh <dynamic properties> <resource
        // args>; the script adds --configDir first and the flags from $FLINK_TM_JVM_MEM_OPTS.
        std::vector<std::string> args{"--configDir", conf_dir};
        append(args, split_shell_words(process.dynamic_configs));
        JavaCommand command = console_command(config, process, process.jvm_parameters, conf_dir,
                                              "kubernetes-taskmanager", args);
        command.launcher = "/docker-entrypoint.sh kubernetes-taskmanager.sh (pod command of the TaskManager)";
        command.environment.push_back("FLINK_TM_JVM_MEM_OPTS=" + process.jvm_parameters);
        return command;
    }
    // The JobManager pod runs kubernetes-jobmanager.sh, which asks BashJavaUtils for the flags with
    // the standalone reading of the legacy heap key (the pod size used the process reading).
    const Document document = Document::of(config);
    const Resolution standalone =
        resolve({document, process.version, ComponentChoice::JobManager, Target::Standalone});
    const auto resolved = process_of(standalone, Component::JobManager);
    const bool application = process.deployment == Deployment::KubernetesApplication;
    if (!resolved || !resolved->ok()) {
        // The pod's BashJavaUtils reads the legacy heap as the scripts do and fails on it.
        JavaCommand failed =
            console_command(config, process, process.jvm_parameters, conf_dir,
                            application ? "kubernetes-application" : "kubernetes-session", {});
        failed.warnings.push_back(
            fmt::format("inside the pod, kubernetes-jobmanager.sh sizes the JVM as the standalone scripts "
                        "do, and Flink rejects "
                        "that: {}",
                        resolved ? resolved->error().message() : std::string("no JobManager memory model")));
        return failed;
    }
    const ResolvedProcess& in_pod = resolved->value();
    JavaCommand command = console_command(config, process, in_pod.jvm_parameters, conf_dir,
                                          application ? "kubernetes-application" : "kubernetes-session",
                                          split_shell_words(in_pod.dynamic_configs));
    command.launcher =
        fmt::format("/docker-entrypoint.sh kubernetes-jobmanager.sh {} (pod command of the JobManager)",
                    application ? "kubernetes-application" : "kubernetes-session");
    return command;
}

// Utils.getTaskManagerShellCommand / YarnClusterDescriptor.setupApplicationMasterContainer.
JavaCommand yarn_command(const Configuration& config, const ResolvedProcess& process) {
    const bool task_manager = process.component == Component::TaskManager;
    JavaCommand command;
    command.launcher = task_manager ? "YARN NodeManager (TaskManager container launch context)"
                                    : "YARN NodeManager (ApplicationMaster container launch context)";
    const auto opts = java_opts(config, process.component);
    std::string jvm_opts;
    for (const auto& [option, words] : opts) {
        const std::string value = get_string(config, *option);
        if (!value.empty()) jvm_opts += " " + value;  // Utils.concatWithSpace
    }
    jvm_opts += " ";
    jvm_opts += kIgnoreUnrecognized;
    const std::string logging =
        task_manager ? "-Dlog.file=<LOG_DIR>/taskmanager.log -Dlog4j.configuration=file:./log4j.properties "
                       "-Dlog4j.configurationFile=file:./log4j.properties"
                     : "-Dlog.file=\"<LOG_DIR>/jobmanager.log\" -Dlog4j.configuration=file:log4j.properties "
                       "-Dlog4j.configurationFile=file:log4j.properties";
    const std::string args =
        task_manager ? process.dynamic_configs + " --configDir ." : process.dynamic_configs;
    const std::string name = task_manager ? "taskmanager" : "jobmanager";
    const std::vector<std::pair<std::string_view, std::string>> values{
        {"%java%", "$JAVA_HOME/bin/java"},
        {"%jvmmem%", process.jvm_parameters},
        {"%jvmopts%", std::string(java::trim(jvm_opts))},
        {"%logging%", logging},
        {"%class%", std::string(main_class(process))},
        {"%args%", args},
        {"%redirects%", ""}};
    std::string line =
        get_string(config, default_release().option(OptionId::YarnContainerStartCommandTemplate));
    const bool has_redirects = line.find("%redirects%") != std::string::npos;
    for (const auto& [placeholder, value] : values) {
        for (auto at = line.find(placeholder); at != std::string::npos;
             at = line.find(placeholder, at + value.size())) {
            line.replace(at, placeholder.size(), value);
        }
    }
    command.arguments = split_shell_words(line);
    if (has_redirects) command.redirects = fmt::format("1> <LOG_DIR>/{0}.out 2> <LOG_DIR>/{0}.err", name);
    warn_about_overrides(command, opts, split_shell_words(process.jvm_parameters), config);
    command.notes.push_back("log4j.properties shipped with the application is assumed (the usual case)");
    return command;
}

}  // namespace

std::vector<std::string> split_shell_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (const char c : text) {
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                word += c;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

std::string shell_quote(std::string_view argument) {
    const bool plain = !argument.empty() && argument.find_first_not_of(
                                                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789_-+=./:,@%") == std::string_view::npos;
    if (plain) return std::string(argument);
    std::string out = "'";
    for (const char c : argument) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

JavaCommand java_command(const Configuration& config, const ResolvedProcess& process) {
    switch (process.target) {
        case Target::Standalone:
            return standalone_command(config, process);
        case Target::Kubernetes:
            return kubernetes_command(config, process);
        case Target::Yarn:
            return yarn_command(config, process);
    }
    return {};
}

}  // namespace flinkmem::deploy
