// The result of asking Flink's rules something: a value, or the error Flink would report. A
// rejection is an expected answer, not an exception to catch at every call site.
#pragma once

#include <utility>
#include <variant>

#include "flinkmem/error.hpp"

namespace flinkmem {

template <typename T>
class Outcome {
public:
    Outcome(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Outcome(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    const T& value() const& { return std::get<0>(state_); }
    // Moves the value out of an outcome that is about to go.
    T value() && { return std::get<0>(std::move(state_)); }
    const Error& error() const& { return std::get<1>(state_); }
    // Moves the error out, as a rejection is passed up through the derivation's frames.
    Error error() && { return std::get<1>(std::move(state_)); }

private:
    std::variant<T, Error> state_;
};

}  // namespace flinkmem
