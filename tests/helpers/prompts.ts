/** A long professional-law multiple-choice question: the kind a light model gets wrong. */
export const HARD_QUESTION = `A landowner conveyed a parcel "to my daughter for life, then to her children who survive her, but if any child attempts to sell their interest during the daughter's lifetime, that child's interest shall pass to the landowner's nephew." The daughter had two children; one of them, while the daughter was alive, contracted to sell his interest to a developer, and the nephew sued to quiet title in himself after the daughter died. The jurisdiction retains the common-law Rule Against Perpetuities and treats restraints on alienation of contingent remainders according to the majority view. How should the court rule on the nephew's claim?
A. For the nephew, because the executory interest was triggered by the attempted sale.
B. For the child, because the forfeiture restraint on a contingent remainder is void as an unreasonable restraint on alienation.
C. For the child, because the nephew's executory interest violates the Rule Against Perpetuities.
D. For the developer, because the contract to sell vested the remainder in equity.`;
