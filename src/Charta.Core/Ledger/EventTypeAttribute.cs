namespace Charta.Core.Ledger;

/// <summary>
/// The stable name and version under which an event is stored. Never derived from the CLR type name. A type may carry
/// several versions of one name: it is written under the highest, and older versions are read into it (an upcast: the
/// fields an older version lacks are null, see docs/interpretations.md, "Stored outcomes").
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class EventTypeAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;
    public int Version { get; } = version;
}
