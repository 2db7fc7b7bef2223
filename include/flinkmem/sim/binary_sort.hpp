// Flink's binary sort in small (NormalizedKeySorter + QuickSort, runtime/operators/sort): records
// are serialized into memory pages, an index of 16-byte entries (an 8-byte normalized key prefix
// and an 8-byte pointer) is sorted in other pages, and only entries whose prefixes tie compare
// the full records. The records of the exercise and of bench_sort: an int key and a string of
// 5-30 characters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "flinkmem/sim/memory_segment.hpp"

namespace flinkmem::sim {

// Generates the records deterministically from a seed.
class RecordGenerator {
public:
    explicit RecordGenerator(std::uint64_t seed) : random_(seed) {}
    // Writes 5-30 lowercase characters to `text` (room for 32) and returns the key.
    std::int32_t next(char* text, std::uint8_t& length);

private:
    std::mt19937_64 random_;
};

// A hash of one record; sums of it over a data set are the checksums the exercise verifies.
std::uint64_t record_hash(std::int32_t key, const char* text, std::uint8_t length);

// Order of (key, text), which the normalized key and the full comparison agree on.
int compare_records(std::int32_t key_a, const char* text_a, std::uint8_t length_a, std::int32_t key_b,
                    const char* text_b, std::uint8_t length_b);

class NormalizedKeySorter {
public:
    // Uses the given pages (not owned) for records and index.
    NormalizedKeySorter(std::vector<MemorySegment>& pages, std::size_t page_size);

    // False when the pages are full (sort and spill first).
    bool add(std::int32_t key, const char* text, std::uint8_t length);
    void sort();
    // The i-th record in index order.
    void record(std::size_t i, std::int32_t& key, const char*& text, std::uint8_t& length) const;
    void reset();

    std::size_t size() const { return entries_; }
    std::int64_t bytes() const { return bytes_; }

private:
    std::byte* entry_at(std::size_t i) const {
        return index_pages_[i >> entries_shift_] + ((i & entries_mask_) << 4);
    }
    std::byte* take_page();
    int compare(std::size_t a, std::size_t b) const;
    void swap(std::size_t a, std::size_t b);
    void insertion_sort(std::int64_t lo, std::int64_t hi);
    void quick_sort(std::int64_t lo, std::int64_t hi);

    std::vector<MemorySegment>& pages_;
    std::size_t page_size_;
    unsigned entries_shift_;  // log2(entries per index page)
    std::size_t entries_mask_;
    std::size_t next_page_ = 0;
    std::vector<std::byte*> index_pages_;  // where each index page starts
    std::vector<std::size_t> record_pages_;
    std::size_t entries_ = 0;
    std::size_t record_offset_ = 0;
    std::int64_t bytes_ = 0;
};

}  // namespace flinkmem::sim
