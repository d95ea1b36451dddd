/// The team page: who can sign in to the console, and a form to add someone (admins only).
enum TeamTemplates {
    static let page = """
        {{> header}}
        <h1>Team <span class="muted">({{headcount}})</span></h1>
        <table id="users">
          <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Status</th><th>Added</th><th>Change</th><th></th></tr></thead>
          <tbody>
          {{#users}}
          <tr data-email="{{email}}"><td>{{name}}</td><td>{{email}}</td><td>{{role}}</td><td class="presence">{{presence}}</td><td>{{created}}</td>
            <td>{{#removable}}<form method="post" action="/console/team/role" class="row change-role">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="email" value="{{email}}">
              <input type="hidden" name="role" value="{{otherRole}}"><button type="submit">Make {{otherRole}}</button></form>
              <form method="post" action="/console/team/password" class="row reset-password">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="email" value="{{email}}">
              <input type="password" name="password" required minlength="{{minimumPassword}}" autocomplete="new-password" placeholder="new password" aria-label="New password for {{name}}">
              <button type="submit">Reset password</button></form>
              <form method="post" action="/console/team/active" class="row set-active">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="email" value="{{email}}">
              {{#active}}<input type="hidden" name="active" value="false"><button type="submit">Deactivate</button>{{/active}}
              {{^active}}<input type="hidden" name="active" value="true"><button type="submit">Reactivate</button>{{/active}}</form>{{/removable}}</td>
            <td>{{#removable}}<form method="post" action="/console/team/remove" class="remove-user" onsubmit="return confirm('Remove this person? They are signed out at once.')">
              <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="email" value="{{email}}">
              <button type="submit">Remove</button></form>{{/removable}}{{^removable}}<span class="muted">you</span>{{/removable}}</td></tr>
          {{/users}}
          </tbody>
        </table>
        <div class="card" style="max-width:420px; margin-top:16px">
          <h2>Add a person</h2>
          <form method="post" action="/console/team" id="add-user">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <p><label>Name<br><input type="text" name="name" id="user-name" required maxlength="120" style="width:100%"></label></p>
            <p><label>Email<br><input type="email" name="email" id="user-email" required style="width:100%"></label></p>
            <p><label>Role<br><select name="role" id="user-role"><option value="agent" selected>agent</option><option value="admin">admin</option></select></label></p>
            <p><label>First password ({{minimumPassword}}+ characters; tell them to keep it private)<br>
              <input type="password" name="password" id="user-password" required minlength="{{minimumPassword}}" autocomplete="new-password" style="width:100%"></label></p>
            <p><button type="submit" class="primary">Add</button></p>
          </form>
        </div>
        {{> footer}}
        """
}
