namespace RlmsRegistry.Application.Patients;

/// <summary>
/// Where the forms of one case stand, for the patient list: what a data manager still has to do. Read in the same query
/// as the list (one SQL statement for a page of patients, whatever the number of forms).
/// </summary>
public sealed record CaseFormStatus(FormTally Operations, FormTally Pathology, FormTally Labs, FormTally FollowUp)
{
    /// <summary>Nothing left to do: every expected form is there, and none is a draft.</summary>
    public bool IsDone => new[] { Operations, Pathology, Labs, FollowUp }.All(t => t.Missing == 0 && t.Draft == 0);
}

/// <summary>
/// The forms of one kind in a case, by state: complete, draft, locked by a monitor (whatever its status), and missing
/// (no operation yet; an operation without its pathology report or laboratory panel; no follow-up event yet).
/// </summary>
public sealed record FormTally(int Complete, int Draft, int Locked, int Missing)
{
    /// <summary>The worst state first, for the badge's colour: missing, draft, complete, locked.</summary>
    public string State => Missing > 0 ? "missing" : Draft > 0 ? "draft" : Complete > 0 ? "complete" : Locked > 0 ? "locked" : "missing";

    /// <summary>In words: "complete", "missing", "2 complete, 1 draft", "1 locked, 1 missing".</summary>
    public string Words
    {
        get
        {
            (int Count, string Word)[] parts = [.. new[] { (Locked, "locked"), (Complete, "complete"), (Draft, "draft"), (Missing, "missing") }.Where(p => p.Item1 > 0)];
            return parts switch
            {
                [] => "missing",
                [(1, var word)] => word,
                _ => string.Join(", ", parts.Select(p => $"{p.Count} {p.Word}")),
            };
        }
    }

    /// <summary>Counts a kind of form whose forms are all present (operations, follow-up events): missing only when there is none.</summary>
    public static FormTally Of(int complete, int draft, int locked) => new(complete, draft, locked, complete + draft + locked == 0 ? 1 : 0);
}
