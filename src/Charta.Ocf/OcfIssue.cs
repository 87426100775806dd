namespace Charta.Ocf;

public enum OcfSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One finding about a package: the file, the item id (when the finding is about an item), the JSON path inside the
/// item (or file) and what is wrong. Errors stop the import; warnings are reported and the import goes on.
/// </summary>
public sealed record OcfIssue(OcfSeverity Severity, string File, string? ItemId, string Path, string Message)
{
    public override string ToString()
    {
        var where = ItemId is null ? File : $"{File} item '{ItemId}'";
        var path = string.IsNullOrEmpty(Path) ? "" : $" at {Path}";
        return $"{(Severity == OcfSeverity.Error ? "error" : "warning")}: {where}{path}: {Message}";
    }
}

/// <summary>A typed, reported failure of an OCF import or export: every finding, errors first.</summary>
public sealed class OcfException(IReadOnlyList<OcfIssue> issues)
    : Exception(issues.FirstOrDefault(i => i.Severity == OcfSeverity.Error)?.ToString() ?? "the OCF package is invalid")
{
    public IReadOnlyList<OcfIssue> Issues { get; } = issues;
}
