/// Plain, GOV.UK-like styling: large readable type, strong focus outlines, high contrast, no layout that breaks at
/// 200% zoom.
enum PortalStyle {
    static let css = """
    :root { --text: #0b0c0c; --muted: #505a5f; --link: #1d70b8; --focus: #ffdd00; --border: #b1b4b6; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 19px/1.4 Arial, Helvetica, sans-serif; color: var(--text); background: #fff; }
    a { color: var(--link); }
    a:focus, button:focus, input:focus, select:focus { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 5px var(--text); }
    .skip { position: absolute; left: -9999px; } .skip:focus { left: 1em; top: 1em; background: var(--focus); padding: .5em; }
    .top { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; background: #0b0c0c; color: #fff; padding: .6em 1em; }
    .top a { color: #fff; } .brand { font-weight: bold; font-size: 1.3em; }
    .top nav ul { display: flex; gap: 1em; list-style: none; margin: 0; padding: 0; }
    .top nav a[aria-current] { text-decoration: none; border-bottom: 4px solid #fff; }
    .signout { margin-left: auto; } .signout span { margin-right: .5em; }
    main { padding: 1em 1.5em 3em; max-width: 1400px; }
    h1 { font-size: 2em; margin: .3em 0 .6em; }
    table { border-collapse: collapse; width: 100%; margin: 1em 0; }
    th, td { text-align: left; border-bottom: 1px solid var(--border); padding: .4em .5em; vertical-align: top; }
    .badge { display: inline-block; padding: 0 .4em; font-weight: bold; border: 2px solid var(--text); font-size: .85em; }
    .badge.sev-CRITICAL { background: #d4351c; color: #fff; border-color: #d4351c; }
    .badge.sev-HIGH { background: #f47738; color: #0b0c0c; border-color: #f47738; }
    .badge.sev-MEDIUM { background: #ffdd00; }
    tr.new { background: #fff7bf; }
    .stack { display: flex; flex-direction: column; max-width: 24em; gap: .3em; }
    .filters { display: flex; flex-wrap: wrap; gap: .5em; align-items: end; margin: .5em 0; }
    label { font-weight: bold; }
    input, select, button { font: inherit; padding: .3em .4em; border: 2px solid var(--text); }
    button { background: #00703c; color: #fff; border-color: #00703c; cursor: pointer; box-shadow: 0 2px 0 #002d18; }
    button.secondary { background: #f3f2f1; color: var(--text); border-color: #f3f2f1; }
    .error { color: #d4351c; font-weight: bold; border-left: 5px solid #d4351c; padding-left: .5em; }
    .hint { color: var(--muted); }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
    .facts dt { font-weight: bold; } .facts dd { margin: 0; }
    .map { height: 480px; border: 2px solid var(--border); background: #eef0f1; }
    .actions form { display: flex; flex-wrap: wrap; gap: .3em; margin: 0; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .calendar td:last-child { font-weight: bold; }
    .night-BROKEN td:last-child { color: #942514; } .night-KEPT td:last-child { color: #005a30; }
    .night-NO_DATA td:last-child, .night-NOT_MONITORED td:last-child { color: var(--muted); }
    fieldset { border: 0; padding: 0; margin: 0; } fieldset label { font-weight: normal; }
    """
}
