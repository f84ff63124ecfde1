#include "cspawn.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

pid_t credo_spawn(const char *path, char *const argv[], char *const envp[], const char *log_path) {
    pid_t parent = getpid();
    int log = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (log < 0) return -1;
    pid_t pid = fork();
    if (pid != 0) {
        int saved = errno;
        close(log);
        errno = saved;
        return pid;
    }
    // In the child: only async-signal-safe calls until execve.
    setpgid(0, 0);  // its own group: a terminal's Ctrl-C reaches rl-sweep alone, which forwards it
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);  // parent already gone
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    int in = open("/dev/null", O_RDONLY);
    if (in >= 0) dup2(in, 0);
    dup2(log, 1);
    dup2(log, 2);
    execve(path, argv, envp);
    _exit(127);
}

static volatile sig_atomic_t interrupts = 0;

static void count_interrupt(int signal) {
    (void)signal;
    interrupts++;
}

void credo_install_interrupt_handler(void) {
    struct sigaction action = {0};
    action.sa_handler = count_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, 0);
    sigaction(SIGTERM, &action, 0);
    // A parent may have started us with these blocked (a test runner's thread): unblock them.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &wanted, 0);
}

int credo_interrupts(void) { return interrupts; }
