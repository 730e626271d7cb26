#include "opcheck/op_case.h"

namespace hearth::opcheck {

// Every op family's cases, in table order. A new family adds its
// cases_*.cpp and one line here.
std::vector<OpCase> allCases()
{
    std::vector<OpCase> cases;
    addElementwiseCases(cases);
    addMatVecCases(cases);
    addMatMulCases(cases);
    addSelectCases(cases);
    addAttentionCases(cases);
    return cases;
}

} // namespace hearth::opcheck
