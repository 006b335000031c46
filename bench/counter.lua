-- The benchmark's scenario: the same steps as bench/playwright_counter.mjs, so that the two
-- tools are measured doing the same work.
return {
  name = "bench-counter",

  run = function(ctx, user)
    ctx:navigate("/counter")
    ctx:wait_for_liveview()
    for _ = 1, 10 do
      local before = ctx:text("#count")
      ctx:step("click", function()
        ctx:click("#inc")
        ctx:wait_for_text("#count", tostring(tonumber(before) + 1))
      end)
      ctx:sleep("200ms")
    end
  end,
}
