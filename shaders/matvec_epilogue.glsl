// What a mat-vec kernel stores for y[i]: its dot product plus the bias
// (binding 3) and/or what y held (a residual connection), as the push
// constant `epilogue` says, so decode needs no separate dispatch for either.
// Included after the kernel's Y binding and push constants.
#ifndef HEARTH_MATVEC_EPILOGUE_GLSL
#define HEARTH_MATVEC_EPILOGUE_GLSL

const uint EPILOGUE_BIAS = 1u;
const uint EPILOGUE_ACCUMULATE = 2u;

layout(std430, binding = 3) readonly buffer Bias { float bias[]; };

void storeRow(uint i, float dot)
{
    if ((params.epilogue & EPILOGUE_BIAS) != 0u)
        dot += bias[i];
    if ((params.epilogue & EPILOGUE_ACCUMULATE) != 0u)
        dot += y[i];
    y[i] = dot;
}

#endif
