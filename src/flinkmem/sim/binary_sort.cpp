#include "flinkmem/sim/binary_sort.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace flinkmem::sim {

namespace {

// Big-endian key with the sign bit flipped (unsigned order = signed order), then the first
// four characters: comparing two prefixes as integers orders most records without touching them.
std::uint64_t normalized_key(std::int32_t key, const char* text, std::uint8_t length) {
    std::uint64_t prefix = static_cast<std::uint64_t>(static_cast<std::uint32_t>(key) ^ 0x80000000U) << 32;
    for (int i = 0; i < 4; ++i) {
        const std::uint64_t c = i < length ? static_cast<unsigned char>(text[i]) : 0;
        prefix |= c << (24 - 8 * i);
    }
    return prefix;
}

}  // namespace

std::int32_t RecordGenerator::next(char* text, std::uint8_t& length) {
    const std::uint64_t bits = random_();
    length = static_cast<std::uint8_t>(5 + bits % 26);
    std::uint64_t chars = random_();
    for (int i = 0; i < length; ++i) {
        if (i % 10 == 0 && i > 0) chars = random_();
        text[i] = static_cast<char>('a' + chars % 26);
        chars /= 26;
    }
    return static_cast<std::int32_t>(bits >> 32);
}

std::uint64_t record_hash(std::int32_t key, const char* text, std::uint8_t length) {
    std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint32_t>(key);
    for (int i = 0; i < length; ++i) h = (h ^ static_cast<unsigned char>(text[i])) * 1099511628211ULL;
    return h * 0x9E3779B97F4A7C15ULL;
}

int compare_records(std::int32_t ka, const char* ta, std::uint8_t la, std::int32_t kb, const char* tb,
                    std::uint8_t lb) {
    if (ka != kb) return ka < kb ? -1 : 1;
    const int c = std::memcmp(ta, tb, std::min(la, lb));
    if (c != 0) return c;
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

NormalizedKeySorter::NormalizedKeySorter(std::vector<MemorySegment>& pages, std::size_t page_size)
    : pages_(pages),
      page_size_(page_size),
      entries_shift_(static_cast<unsigned>(std::countr_zero(page_size / 16))),
      entries_mask_(page_size / 16 - 1) {}

std::byte* NormalizedKeySorter::take_page() {
    if (next_page_ >= pages_.size()) return nullptr;
    return pages_[next_page_++].data();
}

bool NormalizedKeySorter::add(std::int32_t key, const char* text, std::uint8_t length) {
    const std::size_t record_size = 5 + length;
    if ((entries_ & entries_mask_) == 0 && entries_ >> entries_shift_ >= index_pages_.size()) {
        std::byte* page = take_page();
        if (page == nullptr) return false;
        index_pages_.push_back(page);
    }
    if (record_pages_.empty() || record_offset_ + record_size > page_size_) {
        if (take_page() == nullptr) return false;
        record_pages_.push_back(next_page_ - 1);
        record_offset_ = 0;
    }
    std::byte* record = pages_[record_pages_.back()].data() + record_offset_;
    std::memcpy(record, &key, 4);
    record[4] = static_cast<std::byte>(length);
    std::memcpy(record + 5, text, length);
    const std::uint64_t pointer = (static_cast<std::uint64_t>(record_pages_.back()) << 32) | record_offset_;
    std::byte* entry = entry_at(entries_);
    const std::uint64_t prefix = normalized_key(key, text, length);
    std::memcpy(entry, &prefix, 8);
    std::memcpy(entry + 8, &pointer, 8);
    record_offset_ += record_size;
    ++entries_;
    bytes_ += static_cast<std::int64_t>(record_size);
    return true;
}

void NormalizedKeySorter::record(std::size_t i, std::int32_t& key, const char*& text,
                                 std::uint8_t& length) const {
    std::uint64_t pointer = 0;
    std::memcpy(&pointer, entry_at(i) + 8, 8);
    const std::byte* r = pages_[pointer >> 32].data() + (pointer & 0xffffffffU);
    std::memcpy(&key, r, 4);
    length = static_cast<std::uint8_t>(r[4]);
    text = reinterpret_cast<const char*>(r + 5);
}

void NormalizedKeySorter::reset() {
    next_page_ = 0;
    index_pages_.clear();
    record_pages_.clear();
    entries_ = 0;
    record_offset_ = 0;
    bytes_ = 0;
}

int NormalizedKeySorter::compare(std::size_t a, std::size_t b) const {
    std::uint64_t pa = 0, pb = 0;
    std::memcpy(&pa, entry_at(a), 8);
    std::memcpy(&pb, entry_at(b), 8);
    if (pa != pb) return pa < pb ? -1 : 1;
    std::int32_t ka = 0, kb = 0;
    const char *ta = nullptr, *tb = nullptr;
    std::uint8_t la = 0, lb = 0;
    record(a, ka, ta, la);
    record(b, kb, tb, lb);
    return compare_records(ka, ta, la, kb, tb, lb);
}

void NormalizedKeySorter::swap(std::size_t a, std::size_t b) {
    std::byte tmp[16];
    std::memcpy(tmp, entry_at(a), 16);
    std::memcpy(entry_at(a), entry_at(b), 16);
    std::memcpy(entry_at(b), tmp, 16);
}

void NormalizedKeySorter::insertion_sort(std::int64_t lo, std::int64_t hi) {
    for (std::int64_t i = lo + 1; i <= hi; ++i) {
        for (std::int64_t j = i;
             j > lo && compare(static_cast<std::size_t>(j - 1), static_cast<std::size_t>(j)) > 0; --j) {
            swap(static_cast<std::size_t>(j - 1), static_cast<std::size_t>(j));
        }
    }
}

void NormalizedKeySorter::sort() {
    if (entries_ > 1) quick_sort(0, static_cast<std::int64_t>(entries_) - 1);
}

// Quicksort with median-of-three and an insertion sort for short ranges, as Flink's QuickSort;
// recursion only into the smaller half keeps the stack logarithmic.
void NormalizedKeySorter::quick_sort(std::int64_t lo, std::int64_t hi) {
    auto u = [](std::int64_t x) { return static_cast<std::size_t>(x); };
    while (hi - lo > 16) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (compare(u(mid), u(lo)) < 0) swap(u(mid), u(lo));
        if (compare(u(hi), u(lo)) < 0) swap(u(hi), u(lo));
        if (compare(u(hi), u(mid)) < 0) swap(u(hi), u(mid));
        swap(u(mid), u(hi - 1));
        const std::size_t pivot = u(hi - 1);
        std::int64_t i = lo;
        std::int64_t j = hi - 1;
        for (;;) {
            while (compare(u(++i), pivot) < 0) {
            }
            while (j > lo && compare(u(--j), pivot) > 0) {
            }
            if (i >= j) break;
            swap(u(i), u(j));
        }
        swap(u(i), u(hi - 1));
        if (i - lo < hi - i) {
            quick_sort(lo, i - 1);
            lo = i + 1;
        } else {
            quick_sort(i + 1, hi);
            hi = i - 1;
        }
    }
    if (hi > lo) insertion_sort(lo, hi);
}

}  // namespace flinkmem::sim
