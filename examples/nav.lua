-- The nav page: a live patch (same LiveView, new params) and a live navigation to another
-- LiveView and back, each without a page load.
return {
  name = "nav",
  defaults = { users = 2, iterations = 2 },

  run = function(ctx, user)
    ctx:navigate("/nav")
    ctx:wait_for_liveview()
    ctx:expect_text("#page", "a")

    ctx:step("patch", function()
      ctx:click("#patch-link")
      ctx:expect_text("#page", "b")
    end)

    ctx:step("navigate", function()
      ctx:click("#navigate-link")
      ctx:wait_for("#other")
    end)

    ctx:step("back", function()
      ctx:click("#back-link")
      ctx:wait_for("#other", { state = "detached" })
      ctx:expect_text("#page", "a")
    end)
    -- No check of ctx:url() here: the LiveView client pushes the new URL into history only after
    -- the new view has joined and rendered, so right after the DOM changed it can still be the old.
  end,
}
