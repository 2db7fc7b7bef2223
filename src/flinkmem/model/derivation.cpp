#include "flinkmem/model/derivation.hpp"

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"

namespace flinkmem {

namespace {

// The value of a fraction as a person reads it: 0.4f is "0.4", not 0.4000000059604645.
std::string fraction_text(double fraction) {
    return java::to_string(static_cast<float>(fraction));
}

std::string clamp_text(const Derivation& d) {
    switch (d.clamp) {
        case Derivation::Clamp::None:
            return "";
        case Derivation::Clamp::RaisedToMin:
            return ", raised to the minimum " + d.bound.to_human_readable_string();
        case Derivation::Clamp::CappedToMax:
            return ", capped to the maximum " + d.bound.to_human_readable_string();
    }
    return "";
}

}  // namespace

Derivation Derivation::configured(std::string_view key, std::string value, Source source) {
    Derivation d;
    d.rule = Rule::Configured;
    d.key = key;
    d.value = std::move(value);
    d.source = std::move(source);
    return d;
}

Derivation Derivation::default_of(std::string_view key, std::string_view display) {
    Derivation d;
    d.rule = Rule::Default;
    d.key = key;
    d.value = std::string(display);
    return d;
}

Derivation Derivation::remainder(std::string_view expression) {
    Derivation d;
    d.rule = Rule::Remainder;
    d.base = expression;
    return d;
}

Derivation Derivation::sum(std::string_view expression) {
    Derivation d;
    d.rule = Rule::Sum;
    d.base = expression;
    return d;
}

std::string describe(const Derivation& d) {
    switch (d.rule) {
        case Derivation::Rule::Configured:
            return fmt::format("{} = {} ({})", d.key, d.value, d.source.describe());
        case Derivation::Rule::Default:
            return fmt::format("{} default {}", d.key, d.value);
        case Derivation::Rule::Fraction:
            return fmt::format("{} x {} ({}){}", fraction_text(d.fraction), d.base, d.key, clamp_text(d));
        case Derivation::Rule::InverseFraction: {
            const std::string f = fraction_text(d.fraction);
            return fmt::format("{0} of the total, i.e. {0} x {1} / (1 - {0}) ({2}){3}", f, d.base, d.key,
                               clamp_text(d));
        }
        case Derivation::Rule::Remainder:
        case Derivation::Rule::Sum:
            return std::string(d.base);
        case Derivation::Rule::LegacyHeap:
            return fmt::format("{} = {} ({}), the legacy heap size the start scripts map to {}", d.key,
                               d.value, d.source.describe(), d.base);
        case Derivation::Rule::LegacyNetworkBuffers:
            return fmt::format("{} ({}) x {} ({} bytes)", d.key, d.buffers, d.page_key, d.page);
    }
    return "";
}

}  // namespace flinkmem
