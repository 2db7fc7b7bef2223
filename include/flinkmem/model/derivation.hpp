// How a resolved size came about, as data: the rule, its operands and the sources of the values
// it read. A report renders it in words (describe); a diff or a lint rule asks it directly
// ("was this clamped?", "which key set this?").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "flinkmem/error.hpp"
#include "flinkmem/memory_size.hpp"

namespace flinkmem {

struct Derivation {
    enum class Rule {
        Configured,            // key = value, from source
        Default,               // the option's default
        Fraction,              // fraction × base (deriveWithFraction)
        InverseFraction,       // base × fraction / (1 - fraction) (deriveWithInverseFraction)
        Remainder,             // what is left of a total after the other components
        Sum,                   // the sum of other components
        LegacyNetworkBuffers,  // taskmanager.network.numberOfBuffers × segment size
        LegacyHeap,            // a pre-1.10 heap key (key = value, from source) mapped to `base`
    };
    enum class Clamp { None, RaisedToMin, CappedToMax };

    Rule rule = Rule::Default;
    // Keys and expressions name options of the static catalog or fixed words, so they are views.
    std::string_view key;   // the option read; for fractions the fraction option
    std::string value;      // Configured: the raw value; Default: how Flink prints the default
    Source source;          // Configured: where the value came from
    double fraction = 0;    // Fraction, InverseFraction: the Float option widened to double
    std::string_view base;  // Fraction, InverseFraction: what it is a fraction of; LegacyHeap: the
                            // option it was mapped to;
                            // Remainder, Sum: the expression ("Total Flink Memory - Off-heap Memory")
    Clamp clamp = Clamp::None;
    MemorySize unclamped;       // Fraction, InverseFraction: before the clamp
    MemorySize bound;           // the min or max the value was clamped to
    std::int64_t buffers = 0;   // LegacyNetworkBuffers: the number of buffers
    std::int64_t page = 0;      // LegacyNetworkBuffers: the segment size in bytes
    std::string_view page_key;  // LegacyNetworkBuffers: the segment-size option

    static Derivation configured(std::string_view key, std::string value, Source source);
    static Derivation default_of(std::string_view key, std::string_view display);
    static Derivation remainder(std::string_view expression);
    static Derivation sum(std::string_view expression);

    bool is_configured() const { return rule == Rule::Configured; }
    bool is_clamped() const { return clamp != Clamp::None; }
};

// In words: "0.4 x Total Flink Memory (taskmanager.memory.managed.fraction)", "... raised to the
// minimum 192.000mb (201326592 bytes)", "taskmanager.memory.process.size = 1728m (-D)".
std::string describe(const Derivation& derivation);

// A resolved size and the rule that produced it.
struct Explained {
    MemorySize size;
    Derivation how;
};

// One resolved component of a breakdown: its name in JSON, its name in words, and its value.
struct NamedPart {
    std::string_view key;    // "task_heap"
    std::string_view label;  // "Task Heap"
    const Explained* value;
};

}  // namespace flinkmem
