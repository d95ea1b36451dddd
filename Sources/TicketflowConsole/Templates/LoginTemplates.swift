/// Sign-in page, and the pages for refused and failed requests.
enum LoginTemplates {
    static let login = """
        {{> header}}
        <div class="card" style="max-width:380px;margin:60px auto;">
          <h1>Sign in</h1>
          {{#error}}<div class="error">{{error}}</div>{{/error}}
          <form method="post" action="/console/login" id="login-form">
            <input type="hidden" name="_csrf" value="{{loginCSRF}}">
            <input type="hidden" name="next" value="{{next}}">
            <p><label>Email<br><input type="email" name="email" id="email" value="{{email}}" required autofocus style="width:100%"></label></p>
            <p><label>Password<br><input type="password" name="password" id="password" required style="width:100%"></label></p>
            <button class="primary" type="submit" id="login-button">Sign in</button>
          </form>
        </div>
        {{> footer}}
        """

    static let problem = """
        {{> header}}
        <div class="card" style="max-width:640px;margin:40px auto;">
          <h1>{{heading}}</h1>
          <p class="body">{{detail}}</p>
          <p><a href="{{backLink}}">{{backLabel}}</a></p>
        </div>
        {{> footer}}
        """
}
