namespace Charta.Core.Ledger;

/// <summary>The stable name and version under which an event is stored. Never derived from the CLR type name.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;
    public int Version { get; } = version;
}
