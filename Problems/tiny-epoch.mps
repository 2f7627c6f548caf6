NAME tiny-epoch FREE
OBJSENSE
    MAX
ROWS
 N  value
 L  share_0
 L  share_1
 E  power_0
 E  power_1
 L  node_power
 G  interactive
COLUMNS
    x_0_fp16  value  36
    x_0_fp16  share_0  1
    x_0_fp16  power_0  -230
    x_0_fp16  interactive  36
    x_0_mixed  value  31
    x_0_mixed  share_0  1
    x_0_mixed  power_0  -150
    x_0_mixed  interactive  31
    x_0_int8  value  27
    x_0_int8  share_0  1
    x_0_int8  power_0  -90
    x_0_int8  interactive  27
    x_1_fp16  value  36
    x_1_fp16  share_1  1
    x_1_fp16  power_1  -230
    x_1_fp16  interactive  36
    x_1_mixed  value  31
    x_1_mixed  share_1  1
    x_1_mixed  power_1  -150
    x_1_mixed  interactive  31
    x_1_int8  value  27
    x_1_int8  share_1  1
    x_1_int8  power_1  -90
    x_1_int8  interactive  27
    p_0  value  -0.05
    p_0  power_0  1
    p_0  node_power  1
    p_1  value  -0.05
    p_1  power_1  1
    p_1  node_power  1
RHS
    RHS  share_0  1
    RHS  share_1  1
    RHS  power_0  60
    RHS  power_1  60
    RHS  node_power  450
    RHS  interactive  40
BOUNDS
 UP BND  p_0  300
 UP BND  p_1  300
ENDATA
