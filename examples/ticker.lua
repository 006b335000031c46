-- The ticker page: the server pushes a new #tick every 500 ms without any user action. The step
-- waits for two pushes after the first value read.
return {
  name = "ticker",
  defaults = { users = 2, iterations = 2 },

  run = function(ctx, user)
    ctx:navigate("/ticker")
    ctx:wait_for_liveview()
    local first = tonumber(ctx:text("#tick"))
    ctx:step("two ticks", function()
      ctx:expect_text("#tick", tostring(first + 2), { timeout = "5s" })
    end)
  end,
}
