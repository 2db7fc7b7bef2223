// "Did you mean ...?": the candidate closest to a misspelt word (a command, a flag, a rule ID).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace flinkmem {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// two neighbours each cost one ("resolv" -> "resolve" 1, "verison" -> "version" 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` within `max_distance` edits (ties: the first), compared
// case-insensitively.
std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates,
                                   std::size_t max_distance = 2);

}  // namespace flinkmem
