#include "flinkmem/error.hpp"

namespace flinkmem {

std::string Source::describe() const {
    switch (kind) {
    case Kind::Default:
        return "default";
    case Kind::DynamicProperty:
        return "-D";
    case Kind::File:
        return line > 0 ? name + ":" + std::to_string(line) : name;
    case Kind::Environment:
        return "$" + name;
    case Kind::BatchLine:
        return "stdin:" + std::to_string(line);
    case Kind::Derived:
        return name;
    }
    return "default";
}

Error::Error(std::string class_name, std::string message)
    : top_{std::move(class_name), std::move(message)} {}

Error Error::illegal_configuration(std::string message) {
    return Error(kIllegalConfigurationException, std::move(message));
}

Error Error::illegal_argument(std::string message) {
    return Error(kIllegalArgumentException, std::move(message));
}

Error Error::number_format(std::string message) {
    return Error(kNumberFormatException, std::move(message));
}

Error Error::arithmetic(std::string message) {
    return Error(kArithmeticException, std::move(message));
}

Error Error::wrapped(std::string class_name, std::string message) const {
    Error outer(std::move(class_name), std::move(message));
    outer.causes_.reserve(causes_.size() + 1);
    outer.causes_.push_back(top_);
    outer.causes_.insert(outer.causes_.end(), causes_.begin(), causes_.end());
    outer.context_ = context_;
    outer.hint_ = hint_;
    return outer;
}

Error Error::wrapped_with_prefix(const std::string& prefix) const {
    return wrapped(kIllegalConfigurationException, prefix + top_.message);
}

Error& Error::with_context(ErrorContext context) {
    context_ = std::move(context);
    return *this;
}

Error& Error::with_hint(std::string hint) {
    hint_ = std::move(hint);
    return *this;
}

}  // namespace flinkmem
