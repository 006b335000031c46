-- The form page: a name that is too short shows the validation error (phx-change), a valid one
-- is saved (phx-submit) and appears in the list. setup() hands the names to every user.
return {
  name = "form",
  defaults = { users = 3, iterations = 3 },

  setup = function(run)
    return { names = { "ann", "bob", "cyd", "dee" } }
  end,

  user_setup = function(ctx, user)
    ctx:assign("saved", 0)
  end,

  run = function(ctx, user)
    local names = user.config.names
    local name = names[(user.id - 1) % #names + 1] .. "-" .. user.iteration

    ctx:navigate("/form")
    ctx:wait_for_liveview()

    ctx:step("validate", function()
      ctx:fill("#name", "a")
      ctx:expect_text("#name-error", "too short")
    end)

    ctx:fill("#name", name)
    -- Let the server's reply to this change land first: it re-renders the form from the state
    -- it knew, and would undo a checkbox clicked while it was on its way.
    ctx:wait_for_loading("change", "form#name-form")
    ctx:check("#agree")
    ctx:wait_for_loading("change", "form#name-form")
    ctx:select_option("#color", "blue")

    ctx:step("save", function()
      ctx:submit("form#name-form")
      ctx:expect_text("#names", name)
    end)
    ctx:assign("saved", ctx:get("saved") + 1)
  end,
}
