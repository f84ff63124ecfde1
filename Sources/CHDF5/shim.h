#ifndef CREDO_CHDF5_SHIM_H
#define CREDO_CHDF5_SHIM_H
// HDF5 1.10 serial (Debian: libhdf5-dev). Its constants are macros over library globals that
// Swift cannot import, so they are exposed as static inline functions.
#include <hdf5/serial/hdf5.h>

static inline hid_t credo_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t credo_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t credo_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t credo_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t credo_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t credo_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t credo_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t credo_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t credo_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t credo_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline unsigned credo_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned credo_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned credo_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned credo_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline size_t credo_H5T_VARIABLE(void) { return H5T_VARIABLE; }
#endif
