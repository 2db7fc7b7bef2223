// Helpers shared by the unit tests.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "flinkmem/config/configuration.hpp"

namespace flinkmem::test {

inline Configuration config_of(std::initializer_list<std::pair<const char*, const char*>> entries) {
    Configuration config;
    for (const auto& [key, value] : entries) config.set(key, value, Source::dynamic_property());
    return config;
}

// "<class>: <message>" of the error `resolve(config)` throws, or "ok".
template <typename Resolve>
std::string outcome_of(Resolve resolve, const Configuration& config) {
    try {
        resolve(config);
        return "ok";
    } catch (const Error& e) {
        return std::string(e.class_name()) + ": " + e.message();
    }
}

}  // namespace flinkmem::test
