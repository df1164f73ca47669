// What every binding of the addon shares: the decoded call (typed arrays + a Float64Array of view metadata, per
// view: ndim, shape…, strides…, offset, into checked Views) and the checks that name a bad operand.
#pragma once
#include <node_api.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "../core/view.h"

namespace lw {

inline void check(napi_env env, napi_status s, const char* what) {
  if (s != napi_ok) throw std::runtime_error(std::string("lernwerk native: ") + what + " failed");
}

struct Call {
  napi_env env;
  size_t argc = 24;
  std::vector<napi_value> argv = std::vector<napi_value>(24);  // grown for calls with more (a stack of blocks)
  const double* meta = nullptr;
  size_t metaLen = 0, metaPos = 0;

  Call(napi_env e, napi_callback_info info, size_t expected) : env(e) {
    check(env, napi_get_cb_info(env, info, &argc, argv.data(), nullptr, nullptr), "reading arguments");
    if (argc > argv.size()) {
      argv.resize(argc);
      check(env, napi_get_cb_info(env, info, &argc, argv.data(), nullptr, nullptr), "reading arguments");
    }
    if (argc < expected) throw std::runtime_error("lernwerk native: expected " + std::to_string(expected) + " arguments");
  }

  double num(size_t i) {
    double v;
    check(env, napi_get_value_double(env, argv[i], &v), "reading a number");
    return v;
  }
  int integer(size_t i) { return static_cast<int>(num(i)); }
  bool boolean(size_t i) {
    bool v;
    check(env, napi_get_value_bool(env, argv[i], &v), "reading a boolean");
    return v;
  }
  std::string str(size_t i) {
    char buf[256];
    size_t n;
    check(env, napi_get_value_string_utf8(env, argv[i], buf, sizeof buf, &n), "reading a string");
    return std::string(buf, n);
  }
  /** argv[i] must be the Float64Array of view metadata. */
  void metaAt(size_t i) {
    napi_typedarray_type t;
    void* data;
    check(env, napi_get_typedarray_info(env, argv[i], &t, &metaLen, &data, nullptr, nullptr), "reading view metadata");
    if (t != napi_float64_array) throw std::runtime_error("lernwerk native: view metadata must be a Float64Array");
    meta = static_cast<const double*>(data);
  }
  double next() {
    if (metaPos >= metaLen) throw std::runtime_error("lernwerk native: view metadata too short");
    return meta[metaPos++];
  }
  /** The typed array argv[i] with the next view description from the metadata. */
  View view(size_t i, const char* what) {
    View v;
    napi_typedarray_type t;
    size_t len;
    check(env, napi_get_typedarray_info(env, argv[i], &t, &len, &v.data, nullptr, nullptr), "reading a typed array");
    switch (t) {
      case napi_float32_array: v.dtype = DType::F32; break;
      case napi_float64_array: v.dtype = DType::F64; break;
      case napi_int32_array: v.dtype = DType::I32; break;
      case napi_uint8_array: v.dtype = DType::Bool; break;
      default: throw std::runtime_error(std::string("lernwerk native: unsupported typed array for ") + what);
    }
    v.length = static_cast<int64_t>(len);
    const double nd = next();
    if (!(nd >= 0 && nd <= kMaxDims))
      throw std::runtime_error(std::string("lernwerk native: ") + what + " has " + (nd > 0 && nd < 1e9 ? std::to_string(static_cast<int64_t>(nd)) : "a bad number of") +
                               " dims; the native backend handles at most " + std::to_string(kMaxDims));
    v.ndim = static_cast<int>(nd);
    for (int d = 0; d < v.ndim; d++) {
      v.shape[d] = static_cast<int64_t>(next());
      if (v.shape[d] < 0) throw std::runtime_error("lernwerk native: negative size");
    }
    for (int d = 0; d < v.ndim; d++) v.strides[d] = static_cast<int64_t>(next());
    v.offset = static_cast<int64_t>(next());
    checkExtent(v, what);
    return v;
  }
};

inline napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/** Throws unless v is a dense run of n elements (1-D, unit stride) of dtype d, a float type. */
inline void denseRun(const View& v, int64_t n, DType d, const char* op) {
  const bool ok = v.dtype == d && (d == DType::F32 || d == DType::F64) && v.ndim == 1 && v.shape[0] == n && (n <= 1 || v.strides[0] == 1);
  if (!ok) throw std::runtime_error(std::string("lernwerk native: ") + op + ": expected dense float arrays of " + std::to_string(n) + " elements and one dtype");
}

/** Throws unless v is 2-D (rows, cols) of dtype d. */
inline void matrixOf(const View& v, int64_t rows, int64_t cols, DType d, const char* what) {
  if (v.dtype != d || v.ndim != 2 || v.shape[0] != rows || v.shape[1] != cols)
    throw std::runtime_error(std::string("lernwerk native: ") + what + ": expected a (" + std::to_string(rows) + ", " + std::to_string(cols) + ") array of the output's dtype");
}

/** Throws unless out is dense of the given shape and a float dtype. */
inline void denseOut(const View& out, std::initializer_list<int64_t> shape, const char* op) {
  bool ok = (out.dtype == DType::F32 || out.dtype == DType::F64) && out.ndim == static_cast<int>(shape.size());
  const int64_t* sizes = shape.begin();
  int64_t st = 1;
  for (int d = out.ndim - 1; ok && d >= 0; d--) {
    ok = out.shape[d] == sizes[d] && (sizes[d] <= 1 || out.strides[d] == st);
    st *= sizes[d];
  }
  if (!ok || out.offset != 0) throw std::runtime_error(std::string("lernwerk native: ") + op + ": bad output array");
}

/** The bindings of native/binding/blocks.cc: a stack of pre-norm blocks, and a GPT decoder prepared once, run per step. */
napi_value jsPreNormStackStep(napi_env env, napi_callback_info info);
napi_value jsGptDecoderPrepare(napi_env env, napi_callback_info info);
napi_value jsGptDecoderRun(napi_env env, napi_callback_info info);
napi_value jsGptDecoderRelease(napi_env env, napi_callback_info info);

}  // namespace lw
