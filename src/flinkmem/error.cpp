#include "flinkmem/error.hpp"

namespace flinkmem {

const std::string& SharedName::empty_text() {
    static const std::string empty;
    return empty;
}

std::string Source::describe() const {
    switch (kind) {
        case Kind::Default:
            return "default";
        case Kind::DynamicProperty:
            return "-D";
        case Kind::File:
            return line > 0 ? name.str() + ":" + std::to_string(line) : name.str();
        case Kind::Environment:
            return "$" + name.str();
        case Kind::BatchLine:
            return "stdin:" + std::to_string(line);
        case Kind::Generated:
            return name.str();
    }
    return "default";
}

const char* to_string(ErrorClass error_class) {
    switch (error_class) {
        case ErrorClass::IllegalConfigurationException:
            return "IllegalConfigurationException";
        case ErrorClass::IllegalArgumentException:
            return "IllegalArgumentException";
        case ErrorClass::IllegalStateException:
            return "IllegalStateException";
        case ErrorClass::NumberFormatException:
            return "NumberFormatException";
        case ErrorClass::ArithmeticException:
            return "ArithmeticException";
        case ErrorClass::NullPointerException:
            return "NullPointerException";
        case ErrorClass::IOException:
            return "IOException";
        case ErrorClass::MemoryAllocationException:
            return "MemoryAllocationException";
        case ErrorClass::RuntimeException:
            return "RuntimeException";
        case ErrorClass::ClassCastException:
            return "ClassCastException";
        case ErrorClass::YamlEngineException:
            return "YamlEngineException";
        case ErrorClass::ComposerException:
            return "ComposerException";
        case ErrorClass::ArrayIndexOutOfBoundsException:
            return "ArrayIndexOutOfBoundsException";
        case ErrorClass::CancelTaskException:
            return "CancelTaskException";
        case ErrorClass::InterruptedException:
            return "InterruptedException";
        case ErrorClass::MemoryReservationException:
            return "MemoryReservationException";
        case ErrorClass::NoResourceAvailableException:
            return "NoResourceAvailableException";
        case ErrorClass::SpillDirectoryException:
            return "SpillDirectoryException";
        case ErrorClass::UnsupportedInput:
            return "UnsupportedInput";
    }
    return "Exception";
}

Error::Error(ErrorClass error_class, std::string message) : top_{error_class, std::move(message)} {}

Error Error::illegal_configuration(std::string message) {
    return Error(ErrorClass::IllegalConfigurationException, std::move(message));
}

Error Error::illegal_argument(std::string message) {
    return Error(ErrorClass::IllegalArgumentException, std::move(message));
}

Error Error::number_format(std::string message) {
    return Error(ErrorClass::NumberFormatException, std::move(message));
}

Error Error::arithmetic(std::string message) {
    return Error(ErrorClass::ArithmeticException, std::move(message));
}

Error Error::wrapped(ErrorClass error_class, std::string message) const {
    Error outer(error_class, std::move(message));
    outer.causes_.reserve(causes_.size() + 1);
    outer.causes_.push_back(top_);
    outer.causes_.insert(outer.causes_.end(), causes_.begin(), causes_.end());
    outer.context_ = context_;
    outer.hint_ = hint_;
    return outer;
}

Error Error::wrapped_with_prefix(const std::string& prefix) const {
    return wrapped(ErrorClass::IllegalConfigurationException, prefix + top_.message);
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
