// Workgroup-wide sum and max through shared memory. The includer defines
// WG (the workgroup size, a power of two, specialization constant 0).
#ifndef HEARTH_REDUCE_GLSL
#define HEARTH_REDUCE_GLSL

shared float reduceScratch[WG];

float workgroupSum(float value)
{
    const uint tid = gl_LocalInvocationID.x;
    barrier(); // the scratch may still be read by a previous reduction
    reduceScratch[tid] = value;
    barrier();
    for (uint stride = WG / 2; stride > 0; stride >>= 1) {
        if (tid < stride)
            reduceScratch[tid] += reduceScratch[tid + stride];
        barrier();
    }
    return reduceScratch[0];
}

float workgroupMax(float value)
{
    const uint tid = gl_LocalInvocationID.x;
    barrier();
    reduceScratch[tid] = value;
    barrier();
    for (uint stride = WG / 2; stride > 0; stride >>= 1) {
        if (tid < stride)
            reduceScratch[tid] = max(reduceScratch[tid], reduceScratch[tid + stride]);
        barrier();
    }
    return reduceScratch[0];
}

#endif
