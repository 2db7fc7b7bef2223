// How the Flink Kubernetes operator turns spec.<jobManager|taskManager>.resource.memory into
// <jobmanager|taskmanager>.memory.process.size (ResourceConfigUtils.parseResourceMemoryString).
#pragma once

#include <string>
#include <string_view>

namespace flinkmem {

// Flink's MemorySize.parse first, so "2G" and "2048m" mean GiB and MiB and the result is
// MemorySize.toString() ("2 gb"). Only text Flink rejects goes through the Kubernetes Quantity of
// fabric8 (whitespace removed, upper-cased, a trailing "B" dropped, a trailing "I" made "i"), whose
// byte count is a BigDecimal printed by toString: "2Gi" gives "2147483648", but "1.5Gi" gives
// "1610612736.0", which the operator's validator (DefaultValidator.validateResources, which parses
// the result with MemorySize again) then rejects; the FlinkDeployment reader does the same. Throws
// IllegalArgumentException or NumberFormatException (fabric8's messages) when neither reads the text.
std::string operator_memory_string(std::string_view memory);

// fabric8's Quantity.getNumericalAmount().toString(): "500m" is "0.500", "2Gi" is "2147483648".
std::string kubernetes_quantity_amount(std::string_view quantity);

}  // namespace flinkmem
