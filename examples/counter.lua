-- The counter page: open it, wait for the LiveView to join, then ten times read #count, click
-- #inc and expect #count to show the next value. The benchmark (bench/) runs this scenario; its
-- "click until count changed" step is the click-to-screen time it reports.
--
--   liveload run examples/counter.lua --target http://127.0.0.1:PORT --users 5 --iterations 3
return {
  name = "counter",
  defaults = { users = 5, iterations = 3 },

  run = function(ctx, user)
    ctx:navigate("/counter")
    ctx:wait_for_liveview()
    for _ = 1, 10 do
      local before = tonumber(ctx:text("#count"))
      if not before then ctx:fail("#count does not hold a number") end
      ctx:step("click until count changed", function()
        ctx:click("#inc")
        ctx:expect_text("#count", tostring(before + 1))
      end)
      ctx:think("200ms")
    end
  end,
}
