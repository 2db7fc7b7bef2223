// `flinkmem completion bash|zsh|fish`: shell completion scripts written from the command table
// itself (the CLI11 definitions --help prints), so a new command or flag is completed without
// anyone editing a script. The package installs the three scripts this prints.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.hpp"

namespace flinkmem::cli {

namespace {

// One flag or option of a command, as a completion script needs it.
struct Flag {
    std::vector<std::string> names;  // "-o", "--output": short names first
    std::string description;
    bool takes_value = false;
    bool repeatable = false;
    std::vector<std::string> choices;  // from an IsMember check: {text,json,...}
    bool files = false;                // a free-form value: complete paths
};

struct CommandSpec {
    std::string name;  // empty for the top level
    std::string description;
    std::vector<Flag> flags;
    bool positional_files = false;
};

// CLI11 writes an IsMember check into the type name as "TEXT:{a,b,c}".
std::vector<std::string> choices_of(const std::string& type_name) {
    std::vector<std::string> choices;
    const std::size_t open = type_name.find('{');
    const std::size_t close = type_name.find('}', open);
    if (open == std::string::npos || close == std::string::npos) return choices;
    const std::string list = type_name.substr(open + 1, close - open - 1);
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) choices.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return choices;
}

// A free-form value completes as a path when its name or help speaks of one (--conf, --job,
// --spill-dir, "Write to FILE"); -D key=value, --memory 4g and rule IDs complete as nothing.
bool names_a_path(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const std::string_view word : {"file", "dir", "conf", "yaml", "json", "path"}) {
        if (text.find(word) != std::string::npos) return true;
    }
    return false;
}

CommandSpec spec_of(const CLI::App& app, std::string name) {
    CommandSpec spec{std::move(name), app.get_description(), {}, false};
    for (const CLI::Option* option : app.get_options()) {
        if (option->get_group().empty()) continue;  // hidden, e.g. a deprecated spelling
        if (option->get_positional() && option->get_lnames().empty() && option->get_snames().empty()) {
            spec.positional_files = true;
            continue;
        }
        Flag flag;
        for (const auto& short_name : option->get_snames()) flag.names.push_back("-" + short_name);
        for (const auto& long_name : option->get_lnames()) flag.names.push_back("--" + long_name);
        if (flag.names.empty()) continue;
        flag.description = option->get_description();
        flag.takes_value = option->get_expected_max() != 0;  // add_flag sets expected(0)
        flag.repeatable = option->get_expected_max() > 1 ||
                          option->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
        const std::string type_name = option->get_type_name();
        flag.choices = choices_of(type_name);
        flag.files = flag.takes_value && flag.choices.empty() && type_name.starts_with("TEXT") &&
                     names_a_path(flag.names.back() + " " + flag.description);
        spec.flags.push_back(std::move(flag));
    }
    return spec;
}

std::vector<CommandSpec> commands_of(const CLI::App& app) {
    std::vector<CommandSpec> commands{spec_of(app, "")};
    for (const CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_group().empty()) continue;  // hidden
        commands.push_back(spec_of(*sub, sub->get_name()));
    }
    return commands;
}

std::string words(const std::vector<std::string>& list) {
    std::string joined;
    for (const auto& word : list) joined += (joined.empty() ? "" : " ") + word;
    return joined;
}

// Inside '…' for bash and zsh.
std::string single_quoted(std::string_view text) {
    std::string quoted = "'";
    for (const char c : text) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    return quoted + "'";
}

void write_bash(std::ostream& out, const std::vector<CommandSpec>& commands) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i < commands.size(); ++i) names.push_back(commands[i].name);
    std::string alternatives;
    for (const auto& name : names) alternatives += (alternatives.empty() ? "" : "|") + name;
    out << "# bash completion for flinkmem; written by `flinkmem completion bash` from its command table.\n"
           "_flinkmem() {\n"
           "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" command=\"\" i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case \"${COMP_WORDS[i]}\" in\n"
        << "            " << alternatives << ") command=\"${COMP_WORDS[i]}\"; break ;;\n"
        << "        esac\n"
           "    done\n"
           "    case \"$command\" in\n";
    for (const auto& command : commands) {
        out << "    " << (command.name.empty() ? "\"\"" : command.name) << ")\n";
        std::string value_cases;
        std::vector<std::string> flag_words;
        for (const auto& flag : command.flags) {
            for (const auto& name : flag.names) flag_words.push_back(name);
            if (!flag.takes_value) continue;
            std::string pattern;
            for (const auto& name : flag.names) pattern += (pattern.empty() ? "" : "|") + name;
            if (!flag.choices.empty()) {
                value_cases += "            " + pattern + ") COMPREPLY=($(compgen -W " +
                               single_quoted(words(flag.choices)) + " -- \"$cur\")); return ;;\n";
            } else {
                // Paths (or a free value): bash's default completion, from `complete -o default`.
                value_cases += "            " + pattern + ") return ;;\n";
            }
        }
        if (!value_cases.empty()) out << "        case \"$prev\" in\n" << value_cases << "        esac\n";
        std::vector<std::string> candidates = flag_words;
        if (command.name.empty()) candidates.insert(candidates.begin(), names.begin(), names.end());
        const std::string reply =
            "COMPREPLY=($(compgen -W " + single_quoted(words(candidates)) + " -- \"$cur\"))";
        if (command.positional_files) {
            // Paths otherwise: bash's default completion.
            out << "        [[ \"$cur\" == -* ]] && " << reply << "\n";
        } else {
            out << "        " << reply << "\n";
        }
        out << "        ;;\n";
    }
    out << "    esac\n"
           "}\n"
           "complete -o default -F _flinkmem flinkmem\n";
}

// zsh: a `[description]` escapes its brackets; a `name:description` of _describe its colons.
std::string zsh_escaped(std::string_view text, std::string_view special) {
    std::string escaped;
    for (const char c : text) {
        if (c == '\\' || special.find(c) != std::string_view::npos) escaped += '\\';
        escaped += c;
    }
    return escaped;
}

std::string zsh_spec(const Flag& flag) {
    std::string action;
    if (flag.takes_value) {
        const std::string message = flag.names.back().substr(flag.names.back().starts_with("--") ? 2 : 1);
        if (!flag.choices.empty()) {
            action = ":" + message + ":(" + words(flag.choices) + ")";
        } else if (flag.files) {
            action = ":" + message + ":_files";
        } else {
            action = ":" + message + ": ";
        }
    }
    const std::string body = "[" + zsh_escaped(flag.description, "[]") + "]" + action;
    std::string specs;
    if (flag.names.size() == 1) {
        return single_quoted((flag.repeatable ? "*" : "") + flag.names.front() + body);
    }
    std::string exclusion = flag.repeatable ? "*" : "(" + words(flag.names) + ")";
    for (const auto& name : flag.names) {
        std::string spec = exclusion;
        spec += name;
        spec += body;
        if (!specs.empty()) specs += ' ';
        specs += single_quoted(spec);
    }
    return specs;
}

void write_zsh(std::ostream& out, const std::vector<CommandSpec>& commands) {
    out << "#compdef flinkmem\n"
           "# zsh completion for flinkmem; written by `flinkmem completion zsh` from its command table.\n"
           "_flinkmem() {\n"
           "    local curcontext=\"$curcontext\" state line\n"
           "    local -a commands\n"
           "    commands=(\n";
    for (std::size_t i = 1; i < commands.size(); ++i) {
        out << "        " << single_quoted(commands[i].name + ":" + zsh_escaped(commands[i].description, ":"))
            << "\n";
    }
    out << "    )\n"
           "    _arguments -C";
    for (const auto& flag : commands.front().flags) out << " \\\n        " << zsh_spec(flag);
    out << " \\\n        '1: :->command' '*:: :->arguments' && return\n"
           "    case $state in\n"
           "    command) _describe -t commands 'flinkmem command' commands ;;\n"
           "    arguments)\n"
           "        case $words[1] in\n";
    for (std::size_t i = 1; i < commands.size(); ++i) {
        out << "        " << commands[i].name << ")\n            _arguments";
        for (const auto& flag : commands[i].flags) out << " \\\n                " << zsh_spec(flag);
        if (commands[i].positional_files) out << " \\\n                '*:path:_files'";
        out << " ;;\n";
    }
    out << "        esac ;;\n"
           "    esac\n"
           "}\n"
           "_flinkmem \"$@\"\n";
}

std::string fish_quoted(std::string_view text) {
    std::string quoted = "'";
    for (const char c : text) {
        if (c == '\'' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "'";
}

void write_fish(std::ostream& out, const std::vector<CommandSpec>& commands) {
    out << "# fish completion for flinkmem; written by `flinkmem completion fish` from its command table.\n"
           "complete -c flinkmem -f\n";
    for (const auto& command : commands) {
        const std::string condition = command.name.empty()
                                          ? "__fish_use_subcommand"
                                          : "'__fish_seen_subcommand_from " + command.name + "'";
        if (!command.name.empty()) {
            out << "complete -c flinkmem -n __fish_use_subcommand -a " << command.name << " -d "
                << fish_quoted(command.description) << "\n";
        }
        for (const auto& flag : command.flags) {
            out << "complete -c flinkmem -n " << condition;
            for (const auto& name : flag.names) {
                out << (name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1));
            }
            if (!flag.choices.empty()) {
                out << " -x -a " << fish_quoted(words(flag.choices));
            } else if (flag.files) {
                out << " -r -F";
            } else if (flag.takes_value) {
                out << " -x";
            }
            out << " -d " << fish_quoted(flag.description) << "\n";
        }
        if (command.positional_files) out << "complete -c flinkmem -n " << condition << " -F\n";
    }
}

}  // namespace

Command add_completion_command(CLI::App& app) {
    auto shell = std::make_shared<std::string>();
    CLI::App* completion = app.add_subcommand(
        "completion",
        "Print the shell completion script for bash, zsh or fish (the package installs all three)");
    completion->add_option("shell", *shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    return {completion, [&app, shell] {
                const auto commands = commands_of(app);
                if (*shell == "bash") {
                    write_bash(std::cout, commands);
                } else if (*shell == "zsh") {
                    write_zsh(std::cout, commands);
                } else {
                    write_fish(std::cout, commands);
                }
                std::cout.flush();
                return std::cout ? kOk : kBadInput;
            }};
}

}  // namespace flinkmem::cli
