namespace StrongCitiesPortal.Web.Features.DeliveryApi;

/// <summary>
/// Which properties an <c>expand</c> or <c>fields</c> parameter names, with what it names below each:
/// <c>properties[$all]</c>, <c>properties[a,b]</c>, <c>properties[a[properties[x,y]]]</c>.
/// </summary>
public sealed class PropertySelection
{
    private readonly Dictionary<string, PropertySelection> _named;
    private readonly PropertySelection? _allNested;
    private readonly bool _all;
    private readonly bool _defaultAll;

    private PropertySelection(bool all, Dictionary<string, PropertySelection> named, PropertySelection? allNested, bool defaultAll)
    {
        _all = all;
        _named = named;
        _allNested = allNested;
        _defaultAll = defaultAll;
    }

    /// <summary>Selects nothing: what <c>expand</c> means when it is absent.</summary>
    public static PropertySelection None { get; } = new(false, [], null, false);

    /// <summary>Selects everything, at every depth: what <c>fields</c> means when it is absent.</summary>
    public static PropertySelection Everything { get; } = new(true, [], null, true);

    public bool Includes(string alias) => _all || _named.ContainsKey(alias);

    /// <summary>The selection that applies inside the named property (its expanded item or its blocks).</summary>
    public PropertySelection Nested(string alias)
    {
        if (_named.TryGetValue(alias, out var nested))
            return nested;
        if (_all)
            return _allNested ?? (_defaultAll ? Everything : None);
        return _defaultAll ? Everything : None;
    }

    public static PropertySelection ParseExpand(string? value) => Parse(value, "expand", defaultAll: false);

    public static PropertySelection ParseFields(string? value) => Parse(value, "fields", defaultAll: true);

    private static PropertySelection Parse(string? value, string parameter, bool defaultAll)
    {
        if (string.IsNullOrWhiteSpace(value))
            return defaultAll ? Everything : None;
        var parser = new Parser(value.Trim(), parameter, defaultAll);
        var selection = parser.ParseProperties();
        parser.ExpectEnd();
        return selection;
    }

    private sealed class Parser(string text, string parameter, bool defaultAll)
    {
        private const int MaxDepth = 16;
        private int _position;
        private int _depth;

        public PropertySelection ParseProperties()
        {
            if (++_depth > MaxDepth)
                throw Invalid("it nests deeper than " + MaxDepth + " levels");
            Expect("properties[");
            var named = new Dictionary<string, PropertySelection>(StringComparer.Ordinal);
            var all = false;
            PropertySelection? allNested = null;
            do
            {
                var alias = ReadAlias();
                PropertySelection? nested = null;
                if (Peek('['))
                {
                    _position++;
                    nested = ParseProperties();
                    Expect("]");
                }
                if (alias == "$all")
                {
                    all = true;
                    allNested = nested;
                }
                else
                {
                    named[alias] = nested ?? (defaultAll ? Everything : None);
                }
            }
            while (TryConsume(','));
            Expect("]");
            _depth--;
            return new PropertySelection(all, named, allNested, defaultAll);
        }

        public void ExpectEnd()
        {
            if (_position != text.Length)
                throw Invalid($"unexpected '{text[_position..]}'");
        }

        private string ReadAlias()
        {
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '$' or '-'))
                _position++;
            if (_position == start)
                throw Invalid($"a property alias or $all was expected at position {start + 1}");
            var alias = text[start.._position];
            if (alias.StartsWith('$') && alias != "$all")
                throw Invalid($"'{alias}' is not an operator; use $all");
            return alias;
        }

        private bool Peek(char c) => _position < text.Length && text[_position] == c;

        private bool TryConsume(char c)
        {
            if (!Peek(c))
                return false;
            _position++;
            return true;
        }

        private void Expect(string token)
        {
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) != 0)
                throw Invalid($"'{token}' was expected at position {_position + 1}");
            _position += token.Length;
        }

        private DeliveryApiException Invalid(string reason) => new(
            StatusCodes.Status400BadRequest,
            $"Invalid {parameter} parameter",
            $"The '{parameter}' parameter could not be read: {reason}. Use properties[$all], properties[alias1,alias2] or properties[alias[properties[nestedAlias]]].");
    }
}
