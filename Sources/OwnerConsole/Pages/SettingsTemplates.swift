/// Owners' settings pages: API keys, customer messages, what was sent, customers.
extension Templates {
    static let keys = """
        {{<layout}}{{$content}}
        \(sections)
        {{#secret}}<section class="card notice" role="status"><h2>Your new key</h2>
        <p>Copy it now: it is shown this once and never again (we keep only a fingerprint of it).</p>
        <pre class="secret">{{secret}}</pre></section>{{/secret}}
        <section class="card"><h2>Keys</h2><ul class="plain">
        {{#keys}}<li><strong>{{name}}</strong> <code>{{prefix}}…</code> <span class="hint">made {{created}}, last used {{lastUsed}}</span>
        {{#revoked}}<span class="status">Revoked</span>{{/revoked}}
        {{^revoked}}<form method="post" action="{{businessPath}}/keys/revoke" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="key_id" value="{{id}}"><button type="submit" class="secondary">Revoke<span class="sr"> {{name}}</span></button>
        </form>{{/revoked}}</li>{{/keys}}
        </ul></section>
        <form method="post" action="{{businessPath}}/keys" class="card"><h2>New key</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#nameField}}\(field){{/nameField}}
        <p><button type="submit">Make a key</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let messageSettings = """
        {{<layout}}{{$content}}
        \(sections)
        <form method="post" action="{{businessPath}}/message-settings" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#leadField}}\(field){{/leadField}}
        <fieldset class="field"><legend>Tell me about every new, changed and cancelled booking</legend>
        <input type="hidden" name="alerts_shown" value="1">
        {{#alerts}}<label class="choice"><input type="checkbox" name="alert_{{channel}}"{{#checked}} checked{{/checked}}> {{label}}</label>
        {{/alerts}}</fieldset>
        {{#kinds}}<fieldset class="person"><legend>{{label}}{{#custom}} (your wording){{/custom}}</legend>
        <p class="field"><label for="{{kind}}.subject">Email subject</label>
        <input id="{{kind}}.subject" name="{{kind}}.subject" type="text" value="{{subject}}"></p>
        <p class="field"><label for="{{kind}}.body">Message</label>
        <textarea id="{{kind}}.body" name="{{kind}}.body" rows="3"{{#error}} aria-invalid="true"
        aria-describedby="{{kind}}-error"{{/error}}>{{body}}</textarea>
        {{#error}}<span class="error" id="{{kind}}-error">{{error}}</span>{{/error}}</p>
        <p class="hint">You can use {{placeholders}}</p>
        <div class="preview"><p class="hint">As a customer reads
        it:</p>{{#previewSubject}}<p><strong>{{previewSubject}}</strong></p>{{/previewSubject}}
        <p>{{preview}}</p></div>
        </fieldset>{{/kinds}}
        <p><button type="submit">Save</button></p>
        </form>
        {{/content}}{{/layout}}
        """

    static let sent = """
        {{<layout}}{{$content}}
        \(sections)
        <section class="card"><h2>Messages sent, skipped or failed</h2>
        {{#hasSent}}<table><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">How</th><th scope="col">To</th>
        <th scope="col">Result</th></tr></thead><tbody>
        {{#sent}}<tr><td>{{at}}</td><td>{{kind}}</td><td>{{channel}}</td><td>{{to}}</td><td>{{status}}{{#reason}}:
        {{reason}}{{/reason}}</td></tr>{{/sent}}
        </tbody></table>{{/hasSent}}
        {{^hasSent}}<p>Nothing sent yet.</p>{{/hasSent}}
        </section>
        {{/content}}{{/layout}}
        """

    static let customers = """
        {{<layout}}{{$content}}
        \(sections)
        <form method="get" action="{{businessPath}}/customers" class="card"><h2>Find a customer</h2>
        <p class="field"><label for="q">Name, or the last 4 digits of their number</label><input id="q" name="q" type="search" value="{{q}}"></p>
        <p><button type="submit">Search</button></p></form>
        {{#searched}}<section class="card"><h2>Found</h2>{{#none}}<p>Nobody matches.</p>{{/none}}<ul class="plain">
        {{#customers}}<li><a href="{{link}}"><strong>{{name}}</strong></a> {{phone}} <span class="hint">{{bookings}} bookings, last
        {{last}}</span></li>{{/customers}}
        </ul></section>{{/searched}}
        {{/content}}{{/layout}}
        """

    static let customer = """
        {{<layout}}{{$content}}
        \(sections)
        <section class="card"><h2>{{name}}</h2><p>{{phone}}</p>
        {{#hasBookings}}<ul class="plain">{{#bookings}}\(bookingRowInList){{/bookings}}</ul>{{/hasBookings}}</section>
        {{^confirming}}<form method="post" action="{{eraseAction}}" class="card"><h2>Erase on request</h2>
        <p>When a customer asks, erase their name, number, email, notes and answers to your questions from every booking,
        message and call. Bookings stay (without them).</p>
        <input type="hidden" name="csrf" value="{{csrf}}"><p><button type="submit" class="secondary">Erase this
        customer…</button></p></form>{{/confirming}}
        {{#confirming}}<form method="post" action="{{eraseAction}}" class="card problem" role="alert"><h2>This cannot be undone</h2>
        <p>{{name}}'s name, number ({{phone}}), email, notes and answers will be erased from every booking, message and call of this business.</p>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="confirm" value="yes">
        <p><button type="submit">Yes, erase</button> <a href="{{businessPath}}/customers">No, keep them</a></p></form>{{/confirming}}
        {{/content}}{{/layout}}
        """
}

/// The phone agent's page.
extension Templates {
    static let phoneAgent = """
        {{<layout}}{{$content}}
        \(sections)
        {{^available}}<section class="card"><p>Phone agents are not available on this server yet.</p></section>{{/available}}
        {{#available}}
        {{#connected}}<section class="card"><h2>Answering {{phoneNumber}}</h2>
        <p>Callers reach version {{version}}{{#lastSync}}, published {{lastSync}}{{/lastSync}}. It updates itself when your
        hours, holidays, rules, services or transfer number change.</p>
        <p><strong>Test call:</strong> call {{phoneNumber}} from your phone and book as a customer would; the set-up checklist
        ticks “A test call” when it arrives.</p></section>{{/connected}}
        {{#broken}}<p class="problem" role="alert">Retell refused the platform's access, so changes are not reaching your agent.
        The platform team has been told; your agent keeps answering with its last version.</p>{{/broken}}
        {{#pending}}<p class="notice" role="status">Setting up is not finished. Save again to pick up where it stopped.</p>{{/pending}}
        {{#disconnecting}}<p class="notice" role="status">Disconnecting did not finish. Disconnect again to finish it.</p>{{/disconnecting}}
        {{#lastError}}<p class="hint">Last problem: {{lastError}}</p>{{/lastError}}
        <form method="post" action="{{businessPath}}/phone-agent" class="card">
        <h2>{{#connected}}Voice and language{{/connected}}{{^connected}}Connect your phone agent{{/connected}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#voicesProblem}}<p class="problem">{{voicesProblem}}</p>{{/voicesProblem}}
        <p class="field"><label for="voice_id">Voice</label><select id="voice_id" name="voice_id" required>
        <option value="">Choose a voice</option>{{#voices}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/voices}}
        </select></p>
        <p class="hint">Hear them: {{#voices}}{{#preview}}<a href="{{preview}}" target="_blank" rel="noreferrer noopener">{{label}}</a>
        {{/preview}}{{/voices}}</p>
        <p class="field"><label for="language">Language</label><select id="language" name="language">
        {{#languages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/languages}}</select></p>
        {{^phoneNumber}}<fieldset class="field"><legend>Your number</legend>
        <label class="choice"><input type="radio" name="number" value="import"{{^buyChosen}} checked{{/buyChosen}}> Bring the number you have
        (your carrier forwards calls to Retell)</label>
        {{#numberFields}}\(field){{/numberFields}}
        <label class="choice"><input type="radio" name="number" value="buy"{{#buyChosen}} checked{{/buyChosen}}> Buy a new US number</label>
        {{#buyField}}\(field){{/buyField}}
        <label class="choice"><input type="checkbox" name="confirm_purchase"> I agree that a bought number costs a monthly fee, charged
        until it is released</label>
        </fieldset>{{/phoneNumber}}
        <p><button type="submit">{{#connected}}Save{{/connected}}{{^connected}}Connect{{/connected}}</button></p>
        </form>
        {{^notConnected}}<form method="post" action="{{businessPath}}/phone-agent/disconnect" class="card"><h2>Disconnect</h2>
        <p>Your number stops answering with the agent. {{#purchased}}The number we bought stays yours unless you release it.{{/purchased}}</p>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label class="choice"><input type="checkbox" name="release_number"> Also release the number (it cannot be had back)</label></p>
        <p><button type="submit" class="secondary">Disconnect the phone agent</button></p></form>{{/notConnected}}
        {{/available}}
        {{/content}}{{/layout}}
        """
}
