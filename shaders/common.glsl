// Definitions shared by every compute shader.
#ifndef HEARTH_COMMON_GLSL
#define HEARTH_COMMON_GLSL

// Workgroup size is a specialization constant so the host can fit it to the
// device (subgroup size, shared memory) without recompiling.
layout(local_size_x_id = 0) in;

// Flattens a 2-D dispatch so element counts above 65535 * local_size work.
uint globalIndex()
{
    return gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * gl_WorkGroupSize.x;
}

#endif
