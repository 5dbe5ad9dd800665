import Mustache

/// The console's pages as Mustache templates, compiled into the binary (nothing to ship beside it). `{{x}}` escapes
/// HTML, so a business or guest name is shown, never run; only the layout's `{{$content}}` block takes markup.
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            do { try library.register(text, named: name) } catch { preconditionFailure("template \(name): \(error)") }
        }
        return library
    }()

    static let sources: [String: String] = [
        "layout": layout, "login": login, "signup": signup, "forgot": forgot, "reset": reset, "notice": notice, "home": home,
        "account": account, "setup-business": setupBusiness, "setup-hours": setupHours, "not-found": notFound,
        "setup-closures": setupClosures, "setup-rules": setupRules, "setup-staff": setupStaff, "setup-contact": setupContact,
        "business": business, "team": team, "invite": invite, "admin": admin, "today": today, "bookings": bookings, "booking": booking,
        "messages": messages, "calls": calls, "call": call, "keys": keys, "message-settings": messageSettings, "sent": sent,
        "customers": customers, "customer": customer, "phone-agent": phoneAgent, "waitlist": waitlist,
    ]

    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Receptionist</title>
        <link rel="stylesheet" href="/console/static/console.css">
        </head>
        <body>
        <header class="top"><a class="brand" href="/console">Receptionist</a>{{#account}}<nav aria-label="Account">
        <a href="/console/account">{{name}}</a>
        <form method="post" action="/console/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Log out</button></form>
        </nav>{{/account}}</header>
        <main id="main">
        <h1>{{title}}</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """

    /// A labelled field with its error beside it; `value` keeps what was typed (never a password).
    static let field = """
        <p class="field"><label for="{{name}}">{{label}}</label>
        <input id="{{name}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#autocomplete}} autocomplete="{{autocomplete}}"{{/autocomplete}}
         {{#required}}required{{/required}} {{#error}}aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>
        {{#error}}<span class="error" id="{{name}}-error">{{error}}</span>{{/error}}</p>
        """

    static let login = """
        {{<layout}}{{$content}}
        <form method="post" action="/console/login" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#fields}}\(field){{/fields}}
        <p><button type="submit">Log in</button></p>
        <p><a href="/console/forgot">Forgot your password?</a> · <a href="/console/signup">Create an account</a></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let signup = """
        {{<layout}}{{$content}}
        <form method="post" action="/console/signup" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#fields}}\(field){{/fields}}
        <p class="hint">At least 10 characters; a few words you will remember work well.</p>
        <p><button type="submit">Create account</button></p>
        <p><a href="/console/login">I already have an account</a></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let forgot = """
        {{<layout}}{{$content}}
        <form method="post" action="/console/forgot" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#fields}}\(field){{/fields}}
        <p><button type="submit">Email me a link</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let reset = """
        {{<layout}}{{$content}}
        <form method="post" action="/console/reset" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="token" value="{{token}}">
        {{#fields}}\(field){{/fields}}
        <p><button type="submit">Set the new password</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let notice = """
        {{<layout}}{{$content}}
        <p><a href="{{next}}">{{nextLabel}}</a></p>
        {{/content}}{{/layout}}
        """

    static let home = """
        {{<layout}}{{$content}}
        {{^verified}}<p class="notice" role="status">Check your inbox: we sent a link to confirm {{email}}.</p>{{/verified}}
        \(businessCards)
        {{^hasBusinesses}}<section class="card"><h2>Set up your business</h2>
        <p>Tell us how you take bookings, your hours and your rules; it takes a few minutes and is saved as you go.</p>
        <p><a href="/console/setup">Start</a></p>
        </section>{{/hasBusinesses}}
        {{#hasBusinesses}}<p><a href="/console/setup">Add another business</a></p>{{/hasBusinesses}}
        {{#admin}}<p><a href="/console/admin">Every business (platform admin)</a></p>{{/admin}}
        {{/content}}{{/layout}}
        """

    static let account = """
        {{<layout}}{{$content}}
        <form method="post" action="/console/account/password" class="card">
        <h2>Change your password</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#passwordFields}}\(field){{/passwordFields}}
        <p><button type="submit">Change password</button></p>
        </form>
        <form method="post" action="/console/account/email" class="card">
        <h2>Change your email</h2>
        <p>Now: {{email}}. The new address takes over once you open the link we send to it.</p>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#emailFields}}\(field){{/emailFields}}
        <p><button type="submit">Send the link</button></p>
        </form>
        <form method="post" action="/console/logout" class="card">
        <h2>Signed in elsewhere?</h2>
        <p>Sign out of every browser and device, this one included.</p>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="everywhere" value="true">
        <p><button type="submit">Log out everywhere</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let notFound = """
        {{<layout}}{{$content}}
        <p>There is nothing here, or it is not one of your businesses.</p>
        <p><a href="/console">Back to your businesses</a></p>
        {{/content}}{{/layout}}
        """
}
