#ifndef CSPAWN_H
#define CSPAWN_H
#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) in its own process group, standard
/// input from /dev/null, standard output and error appended to `log_path`. The child is
/// killed (SIGKILL) when the calling thread's process dies (prctl PR_SET_PDEATHSIG), so call
/// it from a thread that lives as long as the process (the main thread). Returns the child's
/// pid, or -1 with errno set.
pid_t credo_spawn(const char *path, char *const argv[], char *const envp[], const char *log_path);

/// Installs a SIGINT and SIGTERM handler that only counts the signals.
void credo_install_interrupt_handler(void);

/// How many SIGINT/SIGTERM arrived since the handler was installed.
int credo_interrupts(void);

#endif
