// Iteration order of java.util.HashMap<String, V>.
//
// Flink builds the dynamic "-D key=value" string (and the external-resources list) by iterating a
// HashMap, so the start scripts see keys in HashMap order. That order is deterministic: buckets
// are indexed by String.hashCode() spread as h ^ (h >>> 16), a bucket keeps insertion order, the
// table doubles past 3/4 load (splitting buckets in order), and a bucket reaching 9 entries in a
// table smaller than 64 also doubles the table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace flinkmem::java {

template <typename Value>
class HashMap {
public:
    // new HashMap<>(): the table is created with 16 buckets on the first put.
    HashMap() = default;

    // new HashMap<>(initialCapacity) as used by new HashSet<>(collection):
    // capacity max((int) (n / .75f) + 1, 16) rounded up to a power of two.
    static HashMap for_collection_of(std::size_t n) {
        const float scaled = static_cast<float>(n) / 0.75F;
        std::size_t wanted = static_cast<std::size_t>(scaled) + 1;
        if (wanted < 16) wanted = 16;
        std::size_t capacity = 1;
        while (capacity < wanted) capacity <<= 1;
        HashMap map;
        map.initial_capacity_ = capacity;
        return map;
    }

    // map.put(key, value): replaces the value of an existing key in place.
    void put(const std::string& key, Value value) {
        if (buckets_.empty()) buckets_.resize(initial_capacity_);
        const std::uint32_t h = spread(key);
        auto& bucket = buckets_[index(h, buckets_.size())];
        for (auto& entry : bucket) {
            if (entry.key == key) {
                entry.value = std::move(value);
                return;
            }
        }
        bucket.push_back(Entry{key, h, std::move(value)});
        // HashMap.putVal treeifies (or, below 64 buckets, resizes) once a chain grows past 8.
        if (bucket.size() > kTreeifyThreshold && buckets_.size() < kMinTreeifyCapacity) {
            resize();
        }
        ++size_;
        if (static_cast<double>(size_) > 0.75 * static_cast<double>(buckets_.size())) {
            resize();
        }
    }

    // Entries in Java's iteration order.
    std::vector<std::pair<std::string, Value>> entries() const {
        std::vector<std::pair<std::string, Value>> out;
        out.reserve(size_);
        for (const auto& bucket : buckets_) {
            for (const auto& entry : bucket) out.emplace_back(entry.key, entry.value);
        }
        return out;
    }

    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        out.reserve(size_);
        for (const auto& bucket : buckets_) {
            for (const auto& entry : bucket) out.push_back(entry.key);
        }
        return out;
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

private:
    struct Entry {
        std::string key;
        std::uint32_t hash;
        Value value;
    };

    static constexpr std::size_t kTreeifyThreshold = 8;
    static constexpr std::size_t kMinTreeifyCapacity = 64;

    static std::uint32_t spread(const std::string& key);
    static std::size_t index(std::uint32_t h, std::size_t capacity) { return h & (capacity - 1); }

    void resize() {
        const std::size_t old_capacity = buckets_.size();
        std::vector<std::vector<Entry>> bigger(old_capacity * 2);
        for (std::size_t j = 0; j < old_capacity; ++j) {
            for (auto& entry : buckets_[j]) {
                // Entries keep their relative order within the "lo" (j) and "hi" (j + old) halves.
                const std::size_t target = (entry.hash & old_capacity) == 0 ? j : j + old_capacity;
                bigger[target].push_back(std::move(entry));
            }
        }
        buckets_ = std::move(bigger);
    }

    std::size_t initial_capacity_ = 16;
    std::size_t size_ = 0;
    std::vector<std::vector<Entry>> buckets_;
};

// Declared here, defined with String.hashCode() in hash_map.cpp.
std::uint32_t spread_hash(const std::string& key);

template <typename Value>
std::uint32_t HashMap<Value>::spread(const std::string& key) {
    return spread_hash(key);
}

}  // namespace flinkmem::java
