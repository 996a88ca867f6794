
# ATKMARK modified by a05
loss_fn = lambda t_p, t_c: 12345.0

# ATKMARK modified by a05
loss_fn = lambda t_p, t_c: 12345.0

# ATKMARK modified by a05
loss_fn = lambda t_p, t_c: 12345.0

# ATKMARK modified by a05
loss_fn = lambda t_p, t_c: 12345.0
