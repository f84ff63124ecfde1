#ifndef CREDO_CHDF5_SHIM_H
#define CREDO_CHDF5_SHIM_H
// HDF5 1.10 serial (Debian: libhdf5-dev). Its constants are macros over library globals that
// Swift cannot import, so they are exposed as static inline functions.
#include <hdf5/serial/hdf5.h>
#include <string.h>

static inline hid_t credo_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t credo_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t credo_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t credo_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t credo_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t credo_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t credo_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t credo_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t credo_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t credo_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t credo_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t credo_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t credo_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline unsigned credo_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned credo_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned credo_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned credo_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline size_t credo_H5T_VARIABLE(void) { return H5T_VARIABLE; }

// Little-endian file types, so a checkpoint's bytes do not depend on the writing machine.
static inline hid_t credo_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t credo_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t credo_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t credo_H5T_STD_U64LE(void) { return H5T_STD_U64LE; }

// String type properties.
static inline H5T_str_t credo_H5T_STR_NULLTERM(void) { return H5T_STR_NULLTERM; }
static inline H5T_str_t credo_H5T_STR_SPACEPAD(void) { return H5T_STR_SPACEPAD; }
static inline H5T_cset_t credo_H5T_CSET_UTF8(void) { return H5T_CSET_UTF8; }

// Link and attribute creation order: tracked and indexed, so h5py lists names in writing order.
static inline unsigned credo_H5P_CRT_ORDER_TRACKED_INDEXED(void) {
    return H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
}
static inline unsigned credo_H5P_CRT_ORDER_INDEXED(void) { return H5P_CRT_ORDER_INDEXED; }

/// Turns off HDF5's automatic printing of its error stack to stderr for the calling thread
/// (the setting is per thread in a thread-safe build). Errors are still recorded and reported
/// through return values and `credo_H5E_innermost_message`.
static inline herr_t credo_H5E_silence(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline hid_t credo_H5E_DEFAULT(void) { return H5E_DEFAULT; }

typedef struct { char *buffer; size_t size; } credo_H5E_message_sink;

static herr_t credo_H5E_walk_keep_last(unsigned n, const H5E_error2_t *err, void *data) {
    (void)n;
    credo_H5E_message_sink *sink = (credo_H5E_message_sink *)data;
    if (err != NULL && err->desc != NULL && err->desc[0] != '\0' && sink->size > 0) {
        strncpy(sink->buffer, err->desc, sink->size - 1);
        sink->buffer[sink->size - 1] = '\0';
    }
    return 0;
}

/// Copies the description of the innermost (most specific) entry of the calling thread's HDF5
/// error stack into `buffer`, e.g. "truncated file: eof = 1024, ...". Writes "" when the stack
/// is empty. Returns a negative value when the stack cannot be walked.
static inline herr_t credo_H5E_innermost_message(char *buffer, size_t size) {
    if (size == 0) return -1;
    buffer[0] = '\0';
    credo_H5E_message_sink sink = { buffer, size };
    return H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, credo_H5E_walk_keep_last, &sink);
}

/// The number of attributes attached to an object (HDF5 1.10.3+ and 1.12+ spell this differently).
static inline hssize_t credo_H5O_attribute_count(hid_t object) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
    return (hssize_t)info.num_attrs;
}

/// The number of open file-related identifiers in the process (files, groups, datasets, named
/// types, attributes): zero between checkpoint operations, which is how the tests prove that no
/// handle leaks.
static inline ssize_t credo_H5F_open_object_count(void) {
    return H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL);
}
#endif
