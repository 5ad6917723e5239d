// Controls: twins of a sweep's models that isolate what the trained weights contribute (Deutch et al. 2024 ask it of
// every "ICL is gradient descent" claim). "random-init" ([sweep] controls = ["random-init"]): a model with the same
// config.json, tokenizer, tensor names, shapes and dtypes and random weights, initialised as HF's _init_weights does
// (synthetic/random_twin.h), named "<model>-random-init" and run through the same grid; dt-report pairs each model
// with its control. LibTorch-free.
#pragma once

namespace dt {

inline constexpr const char* kRandomInitControl = "random-init";
inline constexpr const char* kRandomInitSuffix = "-random-init";

}  // namespace dt
