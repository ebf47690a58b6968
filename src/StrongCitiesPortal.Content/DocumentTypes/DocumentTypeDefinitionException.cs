namespace StrongCitiesPortal.Content.DocumentTypes;

public sealed class DocumentTypeDefinitionException(IReadOnlyList<string> problems)
    : Exception("Invalid document type definitions:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
