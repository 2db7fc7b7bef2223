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
    }
    return "default";
}

const char* to_string(JavaClass java_class) {
    switch (java_class) {
    case JavaClass::IllegalConfigurationException:
        return "IllegalConfigurationException";
    case JavaClass::IllegalArgumentException:
        return "IllegalArgumentException";
    case JavaClass::IllegalStateException:
        return "IllegalStateException";
    case JavaClass::NumberFormatException:
        return "NumberFormatException";
    case JavaClass::ArithmeticException:
        return "ArithmeticException";
    case JavaClass::NullPointerException:
        return "NullPointerException";
    case JavaClass::IOException:
        return "IOException";
    case JavaClass::MemoryAllocationException:
        return "MemoryAllocationException";
    }
    return "Exception";
}

Error::Error(JavaClass java_class, std::string message) : top_{java_class, std::move(message)} {}

Error Error::illegal_configuration(std::string message) {
    return Error(JavaClass::IllegalConfigurationException, std::move(message));
}

Error Error::illegal_argument(std::string message) {
    return Error(JavaClass::IllegalArgumentException, std::move(message));
}

Error Error::number_format(std::string message) {
    return Error(JavaClass::NumberFormatException, std::move(message));
}

Error Error::arithmetic(std::string message) {
    return Error(JavaClass::ArithmeticException, std::move(message));
}

Error Error::wrapped(JavaClass java_class, std::string message) const {
    Error outer(java_class, std::move(message));
    outer.causes_.reserve(causes_.size() + 1);
    outer.causes_.push_back(top_);
    outer.causes_.insert(outer.causes_.end(), causes_.begin(), causes_.end());
    outer.context_ = context_;
    outer.hint_ = hint_;
    return outer;
}

Error Error::wrapped_with_prefix(const std::string& prefix) const {
    return wrapped(JavaClass::IllegalConfigurationException, prefix + top_.message);
}

Error& Error::with_context(std::optional<ErrorContext> context) {
    if (context) context_ = std::move(context);
    return *this;
}

Error& Error::with_hint(std::string hint) {
    hint_ = std::move(hint);
    return *this;
}

}  // namespace flinkmem
