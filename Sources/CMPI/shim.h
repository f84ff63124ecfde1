#ifndef CREDO_CMPI_SHIM_H
#define CREDO_CMPI_SHIM_H
// OpenMPI 4.1 (Debian: libopenmpi-dev). The header is reached through Debian's alternatives
// link /usr/include/x86_64-linux-gnu/mpi -> .../openmpi/include, which is on the default path
// (plain <mpi.h> is not). Link name `mpi`. The predefined handles (MPI_COMM_WORLD, MPI_FLOAT,
// MPI_SUM, ...) are macros casting the address of a library global, which Swift cannot import,
// so they are exposed as static inline functions.
#if __has_include(<mpi/mpi.h>)
#include <mpi/mpi.h>
#else
#include <mpi.h>  /* other layouts (Homebrew's open-mpi, a module system's MPI on the include path) */
#endif

static inline MPI_Comm credo_MPI_COMM_WORLD(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm credo_MPI_COMM_SELF(void) { return MPI_COMM_SELF; }

static inline MPI_Datatype credo_MPI_FLOAT(void) { return MPI_FLOAT; }
static inline MPI_Datatype credo_MPI_DOUBLE(void) { return MPI_DOUBLE; }
static inline MPI_Datatype credo_MPI_BYTE(void) { return MPI_BYTE; }
static inline MPI_Datatype credo_MPI_UINT8_T(void) { return MPI_UINT8_T; }
static inline MPI_Datatype credo_MPI_INT32_T(void) { return MPI_INT32_T; }
static inline MPI_Datatype credo_MPI_INT64_T(void) { return MPI_INT64_T; }
static inline MPI_Datatype credo_MPI_UINT64_T(void) { return MPI_UINT64_T; }

static inline MPI_Op credo_MPI_SUM(void) { return MPI_SUM; }
static inline MPI_Op credo_MPI_MAX(void) { return MPI_MAX; }
static inline MPI_Op credo_MPI_MIN(void) { return MPI_MIN; }

static inline MPI_Errhandler credo_MPI_ERRORS_RETURN(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Errhandler credo_MPI_ERRORS_ARE_FATAL(void) { return MPI_ERRORS_ARE_FATAL; }

/// MPI_IN_PLACE is ((void *) 1): a sentinel address, not a real buffer.
static inline void *credo_MPI_IN_PLACE(void) { return MPI_IN_PLACE; }

static inline int credo_MPI_SUCCESS(void) { return MPI_SUCCESS; }
static inline int credo_MPI_MAX_ERROR_STRING(void) { return MPI_MAX_ERROR_STRING; }
static inline int credo_MPI_THREAD_SINGLE(void) { return MPI_THREAD_SINGLE; }
static inline int credo_MPI_THREAD_FUNNELED(void) { return MPI_THREAD_FUNNELED; }
static inline int credo_MPI_THREAD_SERIALIZED(void) { return MPI_THREAD_SERIALIZED; }
static inline int credo_MPI_THREAD_MULTIPLE(void) { return MPI_THREAD_MULTIPLE; }

/// The library's version string ("Open MPI v4.1.4, package: Debian OpenMPI, ...").
static inline int credo_MPI_library_version(char *buffer, int *length) {
    return MPI_Get_library_version(buffer, length);
}
static inline int credo_MPI_MAX_LIBRARY_VERSION_STRING(void) { return MPI_MAX_LIBRARY_VERSION_STRING; }
#endif
