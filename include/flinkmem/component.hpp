// What an answer is about: one of Flink's two processes, or the configuration as a whole (a
// finding that concerns no single process).
#pragma once

namespace flinkmem {

enum class Component { Configuration, TaskManager, JobManager };

// "configuration", "taskmanager", "jobmanager".
const char* to_string(Component component);

}  // namespace flinkmem
