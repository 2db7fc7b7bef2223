// Expected orders come from running the same insertions on OpenJDK 17's java.util.HashMap.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "flinkmem/java/hash_map.hpp"
#include "flinkmem/java/strings.hpp"

using flinkmem::java::HashMap;

namespace {

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        out.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

}  // namespace

TEST_SUITE("java_hash_map") {
    TEST_CASE("String.hashCode matches Java over UTF-16 code units") {
        CHECK(flinkmem::java::hash_code("") == 0);
        CHECK(flinkmem::java::hash_code("a") == 97);
        CHECK(flinkmem::java::hash_code("taskmanager.cpu.cores") == -2059392760);
        CHECK(flinkmem::java::hash_code("h\xC3\xA9llo") == 103094734);      // héllo
        CHECK(flinkmem::java::hash_code("\xEF\xBC\x91g") == 2024310);       // fullwidth 1, g
        CHECK(flinkmem::java::hash_code("\xF0\x9F\x98\x80x") == 54959989);  // surrogate pair
        CHECK(flinkmem::java::hash_code("external-resource.gpu.amount") == -1576554312);
    }

    TEST_CASE("iteration order follows buckets and survives resizes") {
        HashMap<int> map;
        for (int i = 0; i < 40; ++i) map.put("k" + std::to_string(i), i);
        CHECK(map.keys() == split("k31,k30,k11,k33,k10,k32,k13,k35,k12,k34,k15,k37,k14,k36,k17,k39,"
                                  "k16,k38,k19,k18,k0,k1,k2,k3,k20,k4,k5,k22,k6,k21,k7,k24,k8,k23,"
                                  "k9,k26,k25,k28,k27,k29"));
        CHECK(map.size() == 40);
    }

    TEST_CASE("a HashSet built from a collection iterates like Java's") {
        std::vector<std::string> keys;
        for (int i = 0; i < 40; ++i) keys.push_back("k" + std::to_string(i));
        auto set = HashMap<bool>::for_collection_of(keys.size());
        for (const auto& key : keys) set.put(key, true);
        CHECK(set.keys() == split("k31,k30,k11,k33,k10,k32,k13,k35,k12,k34,k15,k37,k14,k36,k17,k39,"
                                  "k16,k38,k19,k18,k0,k1,k2,k3,k20,k4,k5,k22,k6,k21,k7,k24,k8,k23,"
                                  "k9,k26,k25,k28,k27,k29"));
    }

    TEST_CASE("colliding keys keep insertion order and a long chain doubles a small table") {
        // "Aa" and "BB" have the same hashCode, so all 16 combinations collide.
        std::vector<std::string> colliding;
        for (const char* w : {"Aa", "BB"})
            for (const char* x : {"Aa", "BB"})
                for (const char* y : {"Aa", "BB"})
                    for (const char* z : {"Aa", "BB"}) colliding.push_back(std::string(w) + x + y + z);
        HashMap<int> map;
        map.put("zz", 0);
        map.put("q", 0);
        for (std::size_t i = 0; i < 10; ++i) map.put(colliding[i], 0);
        map.put("m", 0);
        CHECK(map.keys() == split("zz,AaAaAaAa,AaAaAaBB,AaAaBBAa,AaAaBBBB,AaBBAaAa,AaBBAaBB,AaBBBBAa,"
                                  "AaBBBBBB,BBAaAaAa,BBAaAaBB,m,q"));
    }

    TEST_CASE("put replaces the value of an existing key without moving it") {
        HashMap<int> map;
        map.put("a", 1);
        map.put("b", 2);
        map.put("a", 3);
        REQUIRE(map.entries().size() == 2);
        CHECK(map.entries()[0] == std::pair<std::string, int>{"a", 3});
    }
}
