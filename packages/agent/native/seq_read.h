#ifndef SHOAL_SEQ_READ_H
#define SHOAL_SEQ_READ_H
#include <node_api.h>
/* readSeq(path, into, mode?): see seq_read.c */
napi_value seq_read(napi_env env, napi_callback_info info);
#endif
