#ifndef SHOAL_WORK_H
#define SHOAL_WORK_H
#include <node_api.h>
/* Queues `execute` off the event loop with `complete` after it; returns the promise `deferred` settles. */
napi_value queue_promise_work(napi_env env, const char *name, napi_async_execute_callback execute, napi_async_complete_callback complete, void *data, napi_deferred *deferred, napi_async_work *work);
#endif
