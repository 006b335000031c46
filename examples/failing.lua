-- Fails on purpose every third iteration: the "check count" step expects text that never
-- appears. The failure is recorded with step "check count", target "#count" and reason
-- "assertion", and the user goes on with its next iteration.
return {
  name = "failing",
  defaults = { users = 2, iterations = 6 },

  run = function(ctx, user)
    ctx:navigate("/counter")
    ctx:wait_for_liveview()
    ctx:click("#inc")
    ctx:step("check count", function()
      if user.iteration % 3 == 0 then
        ctx:expect_text("#count", "wrong", { timeout = "1s" })
      else
        ctx:expect_text("#count", "1")
      end
    end)
  end,
}
