namespace Charta.Core.AntiDilution;

/// <summary>
/// The citation the ledger fold in src/Charta.Core/Ledger stamps on a weighted-average change. It belongs to the fold
/// (nothing else reads it) and goes with it: the fold being rewritten takes the clause from the charter instead.
/// </summary>
public static partial class WeightedAverage
{
    public const string Clause = "FOURTH §6(d)(iv)";
}
