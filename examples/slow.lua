-- The slow page: the server takes 200 ms to answer each click. The step measures click to
-- reply on screen: the loading class clears and #slow-count shows one more reply.
return {
  name = "slow",
  defaults = { users = 2, iterations = 3 },

  run = function(ctx, user)
    ctx:navigate("/slow")
    ctx:wait_for_liveview()
    for i = 1, 3 do
      ctx:step("slow click", function()
        ctx:click("#slow")
        ctx:wait_for_loading("click", "#slow")
        ctx:expect_text("#slow-count", tostring(i))
      end)
    end
  end,
}
