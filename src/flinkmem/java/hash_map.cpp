#include "flinkmem/java/hash_map.hpp"

#include "flinkmem/java/strings.hpp"

namespace flinkmem::java {

std::uint32_t spread_hash(const std::string& key) {
    // HashMap.hash(): (h = key.hashCode()) ^ (h >>> 16)
    const auto h = static_cast<std::uint32_t>(hash_code(key));
    return h ^ (h >> 16);
}

}  // namespace flinkmem::java
